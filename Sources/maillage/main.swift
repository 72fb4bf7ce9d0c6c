import Maillage
import Vapor

// `serve --demo` is ours; every other argument goes to Vapor's command line (serve --hostname --port, migrate…).
var arguments = CommandLine.arguments
let demo = arguments.contains("--demo")
// `--hostile` (with `--demo`) adds injection payloads in every text field, for the browser's security test.
let hostile = arguments.contains("--hostile")
arguments.removeAll { $0 == "--demo" || $0 == "--hostile" }
var env = try Environment.detect(arguments: arguments)
try LoggingSystem.bootstrap(from: &env)

let app = try await Application.make(env)
do {
    let command = arguments.dropFirst().first ?? "serve"
    var config = try AppConfig.fromEnvironment()
    config.demo = demo
    config.backgroundJobs = command == "serve" || command.hasPrefix("-")
    try await configure(app, config: config)
    registerCommands(app)
    if command == "serve" || command.hasPrefix("-") {
        try await prepareDatabase(app)
        if demo { try await seedDemo(app, hostile: hostile) }
    }
    try await app.execute()
} catch {
    app.logger.critical("\(error)")
    try? await app.asyncShutdown()
    exit(1)
}
try await app.asyncShutdown()
