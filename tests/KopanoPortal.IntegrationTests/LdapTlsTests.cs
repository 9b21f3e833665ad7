using KopanoPortal.Directory.Ldap;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KopanoPortal.IntegrationTests;

/// <summary>
/// ldaps:// and StartTLS against the test slapd, whose certificate comes from a throw-away CA: trusted through
/// ldap_tls_cacert_dir, refused without it. The portal never accepts a certificate it cannot verify.
/// </summary>
public sealed class LdapTlsTests
{
    private static string Required(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{variable} is not set: run the tests through scripts/test.sh, which starts slapd with TLS.");

    private static LdapConnections Connect(string uri, bool startTls, string? caDirectory) => new(
        Options.Create(new LdapOptions
        {
            Uri = uri,
            StartTls = startTls,
            CaCertificateDirectory = caDirectory,
            BindUser = Required("KOPANOPORTAL_TEST_LDAP_BIND_DN"),
            BindPassword = Required("KOPANOPORTAL_TEST_LDAP_BIND_PASSWORD"),
            SearchBase = Required("KOPANOPORTAL_TEST_LDAP_BASE"),
            NetworkTimeoutSeconds = 10,
        }),
        NullLogger<LdapConnections>.Instance);

    private static Task<string?> ReadBaseAsync(LdapConnections connections) =>
        connections.RunAsync(async c => (await c.ReadAsync(Required("KOPANOPORTAL_TEST_LDAP_BASE"), "dc"))?.Value("dc"), CancellationToken.None);

    [Fact]
    public async Task Ldaps_with_the_CA_directory_verifies_the_server_and_reads_the_base()
    {
        using var connections = Connect(Required("KOPANOPORTAL_TEST_LDAPS_URI"), startTls: false, Required("KOPANOPORTAL_TEST_LDAP_CA_DIR"));

        Assert.Equal("kopano", await ReadBaseAsync(connections));
    }

    [Fact]
    public async Task Ldaps_without_a_CA_that_trusts_the_server_is_refused()
    {
        using var connections = Connect(Required("KOPANOPORTAL_TEST_LDAPS_URI"), startTls: false, caDirectory: null);

        await Assert.ThrowsAsync<LdapUnreachableException>(() => ReadBaseAsync(connections));
    }

    [Fact]
    public async Task StartTls_with_the_CA_directory_upgrades_the_plain_connection()
    {
        using var connections = Connect(Required("KOPANOPORTAL_TEST_LDAP_URI"), startTls: true, Required("KOPANOPORTAL_TEST_LDAP_CA_DIR"));

        Assert.Equal("kopano", await ReadBaseAsync(connections));
    }

    [Fact]
    public async Task StartTls_without_a_CA_that_trusts_the_server_is_refused()
    {
        using var connections = Connect(Required("KOPANOPORTAL_TEST_LDAP_URI"), startTls: true, caDirectory: null);

        await Assert.ThrowsAnyAsync<Exception>(() => ReadBaseAsync(connections));
    }

    [Fact]
    public void A_uri_that_is_not_ldap_or_ldaps_is_refused_at_start_up()
    {
        var result = new LdapOptionsValidator().Validate(null, new LdapOptions { Uri = "ldap://a/ http://b/", SearchBase = "dc=x" });

        Assert.True(result.Failed);
        Assert.Contains("http://b/", result.FailureMessage);
    }
}
