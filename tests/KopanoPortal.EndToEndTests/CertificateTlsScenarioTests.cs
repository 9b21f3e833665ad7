using System.IO.Compression;
using KopanoPortal.Directory.Sql;
using KopanoPortal.EndToEndTests.Infrastructure;
using KopanoPortal.EndToEndTests.Pages;
using KopanoPortal.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace KopanoPortal.EndToEndTests;

/// <summary>
/// The TLS check in the browser against a real TLS server: a system admin registers node zl at 127.0.0.1, issues its
/// certificate and downloads its files; <c>openssl s_server</c> on zl's SSL port presents the server.pem from that
/// download, as zl's kopano-server would, and the check reports a verified chain and a matching name. Node zm at
/// localhost presents the same certificate, made for 127.0.0.1: the check reports the name mismatch.
/// </summary>
public sealed class CertificateTlsScenarioTests(BrowserFixture browser, DistributedLdapPortalFactory portal, ITestOutputHelper output)
    : PortalBrowserTest(browser, portal, output), IClassFixture<DistributedLdapPortalFactory>
{
    [Fact]
    public async Task A_node_presenting_the_certificate_the_portal_issued_passes_the_TLS_check_and_one_for_another_name_is_flagged()
    {
        var folder = System.IO.Directory.CreateTempSubdirectory("kp-e2e-tls-").FullName;
        try
        {
            var zlPort = OpenSsl.FreeLoopbackPort();
            var zmPort = OpenSsl.FreeLoopbackPort();
            await SignInAsAdminAsync();
            var servers = await new ServersPage(Page).GotoAsync();
            await servers.CreateAsync(new NewServerInput("zl", "127.0.0.1", 236, zlPort));
            await servers.CreateAsync(new NewServerInput("zm", "localhost", 236, zmPort));

            var panel = Page.GetByTestId("certificates");
            await panel.GetByRole(AriaRole.Button, new() { Name = "Create certificate authority" }).ClickAsync();
            await Expect(panel.GetByTestId("certificate-authority")).ToContainTextAsync("Kopano installation CA");
            await panel.GetByTestId("issue-zl").ClickAsync();
            await Expect(panel.GetByTestId("node-certificate-zl")).ToContainTextAsync("for 127.0.0.1, valid until");

            await panel.GetByTestId("prepare-download-zl").ClickAsync();
            var download = await Page.RunAndWaitForDownloadAsync(() => panel.GetByTestId("download-zl").ClickAsync());
            var zip = Path.Combine(folder, "zl.zip");
            await download.SaveAsAsync(zip);
            ZipFile.ExtractToDirectory(zip, Path.Combine(folder, "zl"));
            var serverPem = Path.Combine(folder, "zl", "etc", "kopano", "ssl", "server.pem");

            // zl's kopano-server, as install.sh would set it up: the downloaded server.pem on zl's SSL port.
            using (await OpenSslServer.StartAsync(serverPem, zlPort))
            {
                await panel.GetByTestId("tls-check-zl").ClickAsync();
                var result = panel.GetByTestId("tls-result-zl");
                await Expect(result).ToContainTextAsync("Subject: CN=127.0.0.1", new() { Timeout = 20_000 });
                await Expect(result).ToContainTextAsync("Issuer: CN=Kopano installation CA");
                await Expect(result).ToContainTextAsync("Signed by the installation's certificate authority.");
                await Expect(result).ToContainTextAsync("The name matches 127.0.0.1.");
                await Expect(result.Locator(".mud-alert")).ToHaveCountAsync(0);
            }

            // zm (localhost) presents zl's certificate, made for 127.0.0.1.
            using (await OpenSslServer.StartAsync(serverPem, zmPort))
            {
                await panel.GetByTestId("tls-check-zm").ClickAsync();
                var result = panel.GetByTestId("tls-result-zm");
                await Expect(result).ToContainTextAsync("Subject: CN=127.0.0.1", new() { Timeout = 20_000 });
                await Expect(result).ToContainTextAsync("Signed by the installation's certificate authority.");
                await Expect(result).ToContainTextAsync("The name does not match localhost.");
                await Expect(result.Locator(".mud-alert")).ToContainTextAsync("does not match the server's address localhost");
            }

            // The store: the certificate s_server presented is the one issued for zl, and the download is audited.
            await using var db = await Portal.Services.GetRequiredService<IDbContextFactory<KopanoDbContext>>().CreateDbContextAsync();
            var issued = await db.Certificates.AsNoTracking().SingleAsync(c => c.Kind == "server");
            Assert.Equal(("zl", "127.0.0.1"), (issued.Node, issued.Name));
            Assert.StartsWith(issued.CertificatePem, await File.ReadAllTextAsync(serverPem), StringComparison.Ordinal);
            Assert.Contains(await db.AuditRecords.AsNoTracking().Select(a => a.Action + " " + a.Target).ToListAsync(), a => a == "certificate.bundle.download zl");
        }
        finally
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }
}
