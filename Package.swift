// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Maillage",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "maillage", targets: ["MaillageMain"]),
        .executable(name: "logistics-bench", targets: ["LogisticsBench"]),
        .library(name: "Logistics", targets: ["Logistics"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/JohnSundell/Plot.git", from: "0.14.0"),
        // The SMTP client of the outbox: a TCP connection, and TLS when the server offers STARTTLS.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        // HTML snapshots of the pages (its SnapshotTesting product only).
        .package(url: "https://github.com/pointfreeco/swift-snapshot-testing.git", from: "1.19.7"),
    ],
    targets: [
        // Pure Swift: no web dependency, fast to build and test.
        // The guides are read on GitHub and in the repository, not shipped in the library.
        .target(name: "Logistics", exclude: ["Guides"]),
        .target(
            name: "Maillage",
            dependencies: [
                "Logistics",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Plot", package: "Plot"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            resources: [.copy("Resources")]
        ),
        // Named apart from the `Maillage` library so the two modules never differ by case only.
        .executableTarget(
            name: "MaillageMain",
            dependencies: ["Maillage"],
            path: "Sources/maillage"
        ),
        .executableTarget(name: "LogisticsBench", dependencies: ["Logistics"], path: "Sources/logistics-bench"),
        .testTarget(name: "LogisticsTests", dependencies: ["Logistics"]),
        .testTarget(
            name: "MaillageTests",
            dependencies: [
                "Maillage",
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
            ],
            // The recorded page snapshots and the migrations' checksums are read from the source tree, not bundled.
            exclude: ["Pages/__Snapshots__", "Platform/MigrationChecksums.txt"]
        ),
    ]
)
