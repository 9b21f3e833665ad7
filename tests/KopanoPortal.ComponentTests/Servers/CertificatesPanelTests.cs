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

        Retry(() => cut.Find("[data-testid=issue-z1]").Click());
        cut.WaitForAssertion(() => Assert.Contains("for z1.example.lan, valid until", cut.Find("[data-testid=node-certificate-z1]").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.Find("[data-testid=node-certificate-z1]").QuerySelectorAll("[data-testid=certificate-warning]"));
        Assert.Contains("No server certificate yet.", cut.Find("[data-testid=node-certificate-z2]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Certificate for z1 issued.", SnackbarMessages);
        Assert.All(Certificates.Rows, r => Assert.DoesNotContain("PRIVATE KEY", r.ProtectedKey, StringComparison.Ordinal));

        Retry(() => cut.Find("[data-testid=issue-client-kopano-spooler]").Click());
        cut.WaitForAssertion(() => Assert.Contains("sslkey_file = /etc/kopano/ssl/client-kopano-spooler.pem",
            cut.Find("[data-testid=client-cfg-kopano-spooler]").TextContent, StringComparison.Ordinal));

        Retry(() => cut.Find("[data-testid=prepare-download-z1]").Click());
        cut.WaitForAssertion(() => Assert.StartsWith("/downloads/", cut.Find("[data-testid=download-z1]").GetAttribute("href"), StringComparison.Ordinal));
        Assert.Equal("z1-kopano-ssl.zip", cut.Find("[data-testid=download-z1]").GetAttribute("download"));

        Retry(() => cut.Find("[data-testid=retire-client-kopano-spooler]").Click());
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=client-cfg-kopano-spooler]")));
        Assert.NotNull(Certificates.Rows.Single(r => r.Kind == CertificateKind.Client).Retired);
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
}
