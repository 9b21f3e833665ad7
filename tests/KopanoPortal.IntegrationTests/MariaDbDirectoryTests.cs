using KopanoPortal.IntegrationTests.Infrastructure;

namespace KopanoPortal.IntegrationTests;

/// <summary>
/// The directory contract on MariaDB, the engine kopano-server itself reads: a new database per test on the server in
/// KOPANOPORTAL_TEST_MARIADB, laid out as kopano-server 11.0.2 leaves it, with raw-row checks as on the other engines.
/// </summary>
public sealed class MariaDbDirectoryTests : SqlDirectoryContractTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await MariaDbTestDatabase.CreateAsync();

    protected override IReadOnlyCollection<string> KcServerTables =>
    [
        "abchanges", "acl", "changes", "deferredupdate", "hierarchy", "indexedproperties", "lob", "mvproperties", "names",
        "outgoingqueue", "properties", "receivefolder", "searchresults", "settings", "singleinstances", "stores",
        "syncedmessages", "syncs", "tproperties", "users", "versions",
    ];
}
