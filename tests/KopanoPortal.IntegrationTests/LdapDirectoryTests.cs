using KopanoPortal.IntegrationTests.Infrastructure;

namespace KopanoPortal.IntegrationTests;

/// <summary>
/// The directory contract on LDAP (<c>user_plugin = ldap</c>) against the test slapd (KOPANOPORTAL_TEST_LDAP_*, exported
/// by scripts/test.sh): each test gets a fresh container <c>ou=it-&lt;guid&gt;,&lt;base&gt;</c> as <c>ldap_search_base</c>,
/// deleted leaves first afterwards; the portal's own tables (audit, sign-in throttle) are in a fresh SQLite file.
/// What only LDAP can show is in LdapDirectoryTests.Entries.cs.
/// </summary>
public sealed partial class LdapDirectoryTests : DirectoryContractTests
{
    private readonly LdapTestServer _server = LdapTestServer.FromEnvironment();
    private string? _container;

    private string Container => _container ?? throw new InvalidOperationException("The container was not created.");

    private LdapStoreProbe Ldap => (LdapStoreProbe)Probe;

    protected override async Task<TestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();

    protected override Task<DirectoryHarness> StartHarnessAsync(TestDatabase database)
    {
        _container = _server.CreateContainer("it");
        return DirectoryHarness.StartAsync(database, new LdapSettings(_server.Uri, _server.BindDn, _server.BindPassword, _container));
    }

    protected override IStoreProbe CreateProbe(DirectoryHarness harness) => new LdapStoreProbe(_server, Container, harness.Rows);

    /// <summary>The OpenLDAP template leaves ldap_sendas_relation_attribute empty: KC reads send-as values as uidNumbers.</summary>
    protected override bool GroupsCanBeSendAsDelegates => false;

    protected override Task CleanUpStoreAsync()
    {
        if (_container is not null)
        {
            _server.DeleteSubtree(_container);
            Assert.Empty(_server.Search(_server.Base, $"(ou={LdapTestServer.Filter(LdapTestServer.FirstRdn(_container)[3..])})", System.DirectoryServices.Protocols.SearchScope.OneLevel, "1.1"));
        }
        return Task.CompletedTask;
    }

    /// <summary>LDAP has no table lock that lets reads pass and holds adds: the racing creations simply race.</summary>
    protected override Task<WriterGate> HoldUserInsertsAsync() => Task.FromResult(new WriterGate());
}
