using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Servers;
using KopanoPortal.Core.Servers.Certificates;
using KopanoPortal.Web.Components.Pages.Servers;
using KopanoPortal.Web.Servers;
using Microsoft.Extensions.DependencyInjection;

namespace KopanoPortal.ComponentTests.Servers;

/// <summary>The certificates panel of the servers page: the CA, a certificate per node, client certificates, the download link.</summary>
public sealed class CertificatesPanelTests : ServerTestBase
{
    public CertificatesPanelTests()
    {
        AddAuthorization().SetAuthorized("admin").SetClaims(new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, "admin-key"));
    }

    [Fact]
    public void A_system_admin_creates_the_CA_issues_per_node_and_per_program_and_gets_a_download_link()
    {
        AddSeedNodes();
        SignInAs(SystemAdmin);
        var cut = Render<CertificatesPanel>();
        cut.WaitForAssertion(() => Assert.Contains("No server certificate yet.", cut.Find("[data-testid=node-certificate-z1]").TextContent, StringComparison.Ordinal));
        Assert.True(cut.Find("[data-testid=issue-z1]").HasAttribute("disabled"));

        Click(cut, "Create certificate authority");
        cut.WaitForAssertion(() => Assert.Contains("Kopano installation CA", cut.Find("[data-testid=certificate-authority]").TextContent, StringComparison.Ordinal));
        Assert.Equal([CertificateKind.Authority], Certificates.Rows.Select(r => r.Kind));

        Act(cut, () => cut.Find("[data-testid=issue-z1]").Click());
        cut.WaitForAssertion(() => Assert.Contains("for z1.example.lan, valid until", cut.Find("[data-testid=node-certificate-z1]").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.Find("[data-testid=node-certificate-z1]").QuerySelectorAll("[data-testid=certificate-warning]"));
        Assert.Contains("No server certificate yet.", cut.Find("[data-testid=node-certificate-z2]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Certificate for z1 issued.", SnackbarMessages);
        Assert.All(Certificates.Rows, r => Assert.DoesNotContain("PRIVATE KEY", r.ProtectedKey ?? "", StringComparison.Ordinal));

        Act(cut, () => cut.Find("[data-testid=issue-client-kopano-spooler]").Click());
        cut.WaitForAssertion(() => Assert.Contains("sslkey_file = /etc/kopano/ssl/client-kopano-spooler.pem",
            cut.Find("[data-testid=client-cfg-kopano-spooler]").TextContent, StringComparison.Ordinal));

        Act(cut, () => cut.Find("[data-testid=prepare-download-z1]").Click());
        cut.WaitForAssertion(() => Assert.StartsWith("/downloads/", cut.Find("[data-testid=download-z1]").GetAttribute("href"), StringComparison.Ordinal));
        Assert.Equal("z1-kopano-ssl.zip", cut.Find("[data-testid=download-z1]").GetAttribute("download"));

        Act(cut, () => cut.Find("[data-testid=retire-client-kopano-spooler]").Click());
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=client-cfg-kopano-spooler]")));
        Assert.NotNull(Certificates.Rows.Single(r => r.Kind == CertificateKind.Client).Retired);
    }

    [Fact]
    public void With_keys_not_stored_each_key_is_offered_once_and_signing_asks_for_the_CA_key_file()
    {
        Services.Configure<CertificateOptions>(o => o.StorePrivateKeys = false);
        AddSeedNodes();
        SignInAs(SystemAdmin);
        var cut = Render<CertificatesPanel>();
        cut.WaitForAssertion(() => Assert.Contains("The portal keeps no private keys", cut.Markup, StringComparison.Ordinal));

        Click(cut, "Create certificate authority");
        cut.WaitForAssertion(() => Assert.StartsWith("/downloads/", cut.Find("[data-testid='key-download-cakey.pem']").GetAttribute("href"), StringComparison.Ordinal));
        var authority = Assert.Single(Certificates.Rows);
        Assert.Null(authority.ProtectedKey);
        Assert.NotNull(cut.Find("[data-testid=authority-key]"));

        // Without the key, then with another CA's key: the message stands beside the key field, nothing is issued.
        Act(cut, () => cut.Find("[data-testid=issue-z1]").Click());
        cut.WaitForAssertion(() => Assert.Contains("give it to sign this certificate", cut.Find("[data-testid=authority-key-error]").TextContent, StringComparison.Ordinal));
        var other = NodeCertificates.CreateAuthority("Kopano installation CA", DateTimeOffset.UtcNow, TimeSpan.FromDays(30));
        cut.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>().UploadFiles(Bunit.InputFileContent.CreateFromText(other.PrivateKeyPem, "other.pem"));
        cut.WaitForAssertion(() => Assert.Contains("other.pem loaded", cut.Find("[data-testid=authority-key-loaded]").TextContent, StringComparison.Ordinal));
        Act(cut, () => cut.Find("[data-testid=issue-z1]").Click());
        cut.WaitForAssertion(() => Assert.Equal("This key does not belong to the certificate CN=Kopano installation CA.", cut.Find("[data-testid=authority-key-error]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=authority-key-loaded]"));
        Assert.Single(Certificates.Rows);

        // The one-time download's content is the CA key the service handed out; the right key signs.
        var downloads = Services.GetRequiredService<OneTimeDownloads>();
        var token = cut.Find("[data-testid='key-download-cakey.pem']").GetAttribute("href")!["/downloads/".Length..];
        var user = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, "admin-key")], "test"));
        var caKey = System.Text.Encoding.UTF8.GetString(downloads.Take(token, user)!.Content);
        Assert.Null(downloads.Take(token, user));
        cut.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>().UploadFiles(Bunit.InputFileContent.CreateFromText(caKey, "cakey.pem"));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=authority-key-loaded]")));
        Act(cut, () => cut.Find("[data-testid=issue-z1]").Click());
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid='key-download-z1-server.pem']")));
        Assert.Empty(cut.FindAll("[data-testid=authority-key-error]"));
        Assert.All(Certificates.Rows, r => Assert.Null(r.ProtectedKey));
        Assert.Equal([CertificateKind.Authority, CertificateKind.Server], Certificates.Rows.Select(r => r.Kind));
    }

    [Fact]
    public void A_company_admin_sees_the_refusal_and_no_certificate()
    {
        AddSeedNodes();
        SignInAs(CompanyAdmin);
        var cut = Render<CertificatesPanel>();
        cut.WaitForAssertion(() => Assert.True(HasOperationError(cut)));
        Assert.Empty(cut.FindAll("[data-testid=node-certificates]"));
        Assert.Empty(cut.FindAll("[data-testid=create-authority]"));
        Assert.Empty(Certificates.Rows);
    }

    private static string[] RowIds(IRenderedComponent<CertificatesPanel> cut, string testId) =>
        cut.FindAll($"[data-testid={testId}] tbody > tr").Select(r => r.GetAttribute("data-testid")!).ToArray();

    [Fact]
    public void Node_and_client_certificates_sort_by_each_column_both_ways()
    {
        AddSeedNodes();
        Nodes.Add(new ServerNode("a0", "zz.example.lan", 236));
        SignInAs(SystemAdmin);
        var cut = Render<CertificatesPanel>();
        cut.WaitForAssertion(() => Assert.Equal(["node-certificate-a0", "node-certificate-z1", "node-certificate-z2"], RowIds(cut, "node-certificates")));

        SortTable(cut, "node-certificates", "Server");
        SortTable(cut, "node-certificates", "Server");
        Assert.Equal(["node-certificate-z2", "node-certificate-z1", "node-certificate-a0"], RowIds(cut, "node-certificates"));
        Assert.Equal("descending", TableHeader(cut, "node-certificates", "Server").GetAttribute("aria-sort"));

        SortTable(cut, "node-certificates", "Address");
        Assert.Equal(["node-certificate-z1", "node-certificate-z2", "node-certificate-a0"], RowIds(cut, "node-certificates"));

        Click(cut, "Create certificate authority");
        Act(cut, () => cut.Find("[data-testid=issue-z2]").Click());
        cut.WaitForAssertion(() => Assert.Contains("valid until", cut.Find("[data-testid=node-certificate-z2]").TextContent, StringComparison.Ordinal));
        // By expiry: the nodes without a certificate first, in the list's order; the other way, the certificate first.
        SortTable(cut, "node-certificates", "Certificate");
        Assert.Equal(["node-certificate-a0", "node-certificate-z1", "node-certificate-z2"], RowIds(cut, "node-certificates"));
        SortTable(cut, "node-certificates", "Certificate");
        Assert.Equal(["node-certificate-z2", "node-certificate-a0", "node-certificate-z1"], RowIds(cut, "node-certificates"));
        // The node with a certificate has no warning; the others have one.
        SortTable(cut, "node-certificates", "Warnings");
        Assert.Equal("node-certificate-z2", RowIds(cut, "node-certificates")[0]);

        Assert.Equal(["client-kopano-dagent", "client-kopano-spooler", "client-kopano-admin"], RowIds(cut, "client-certificates"));
        SortTable(cut, "client-certificates", "Program");
        Assert.Equal(["client-kopano-admin", "client-kopano-dagent", "client-kopano-spooler"], RowIds(cut, "client-certificates"));
        Act(cut, () => cut.Find("[data-testid=issue-client-kopano-spooler]").Click());
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=client-cfg-kopano-spooler]")));
        SortTable(cut, "client-certificates", "Certificate");
        SortTable(cut, "client-certificates", "Certificate");
        Assert.Equal(["client-kopano-spooler", "client-kopano-dagent", "client-kopano-admin"], RowIds(cut, "client-certificates"));
        Assert.Equal("descending", TableHeader(cut, "client-certificates", "Certificate").GetAttribute("aria-sort"));
    }
}
