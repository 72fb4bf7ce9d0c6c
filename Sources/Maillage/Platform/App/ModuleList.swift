/// The one list of modules, in the order their menus, migrations and assets are read.
extension Modules {
    static let all: [any MaillageModule.Type] = [PlatformModule.self, AccountsModule.self, DirectoryModule.self, SharingModule.self, SurplusModule.self]
}
