using System.IO.Compression;
using KopanoPortal.Directory.Sql;
using KopanoPortal.EndToEndTests.Infrastructure;
using KopanoPortal.EndToEndTests.Pages;
using KopanoPortal.Testing;
using Microsoft.AspNetCore.Hosting;
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

/// <summary>
/// With <c>Portal:Certificates:StorePrivateKeys = false</c>: creating the CA offers its key once as a download (a second
/// fetch finds nothing); issuing asks for that key as a file, refuses another CA's key beside the field, and with the
/// right one offers zl's server.pem once, which <c>openssl s_server</c> then presents and the TLS check accepts. The
/// database holds no key.
/// </summary>
public sealed class KeylessCertificateScenarioTests(BrowserFixture browser, KeylessLdapPortalFactory portal, ITestOutputHelper output)
    : PortalBrowserTest(browser, portal, output), IClassFixture<KeylessLdapPortalFactory>
{
    [Fact]
    public async Task Each_key_is_downloaded_once_signing_takes_the_CA_key_file_and_the_node_presents_what_was_handed_out()
    {
        var folder = System.IO.Directory.CreateTempSubdirectory("kp-e2e-keyless-").FullName;
        try
        {
            var zlPort = OpenSsl.FreeLoopbackPort();
            await SignInAsAdminAsync();
            var servers = await new ServersPage(Page).GotoAsync();
            await servers.CreateAsync(new NewServerInput("zl", "127.0.0.1", 236, zlPort));
            var panel = Page.GetByTestId("certificates");
            await Expect(panel).ToContainTextAsync("The portal keeps no private keys");

            await panel.GetByRole(AriaRole.Button, new() { Name = "Create certificate authority" }).ClickAsync();
            await Expect(panel.GetByTestId("certificate-authority")).ToContainTextAsync("Kopano installation CA");
            var caKeyLink = panel.GetByTestId("key-download-cakey.pem");
            var caKeyDownload = await Page.RunAndWaitForDownloadAsync(() => caKeyLink.ClickAsync());
            Assert.Equal("cakey.pem", caKeyDownload.SuggestedFilename);
            var caKey = Path.Combine(folder, "cakey.pem");
            await caKeyDownload.SaveAsAsync(caKey);
            Assert.StartsWith("-----BEGIN PRIVATE KEY-----", await File.ReadAllTextAsync(caKey), StringComparison.Ordinal);
            Assert.Equal(404, (await Page.APIRequest.GetAsync(await caKeyLink.GetAttributeAsync("href") ?? "")).Status);

            // No key, then another CA's key: refused beside the key field.
            var keyBox = panel.GetByTestId("authority-key");
            await panel.GetByTestId("issue-zl").ClickAsync();
            await Expect(keyBox.GetByTestId("authority-key-error")).ToContainTextAsync("give it to sign this certificate");
            var other = Path.Combine(folder, "other.pem");
            await File.WriteAllTextAsync(other, KopanoPortal.Core.Servers.Certificates.NodeCertificates
                .CreateAuthority("Kopano installation CA", DateTimeOffset.UtcNow, TimeSpan.FromDays(30)).PrivateKeyPem);
            await keyBox.GetByTestId("authority-key-file").SetInputFilesAsync(other);
            await Expect(keyBox.GetByTestId("authority-key-loaded")).ToContainTextAsync("other.pem loaded");
            await panel.GetByTestId("issue-zl").ClickAsync();
            await Expect(keyBox.GetByTestId("authority-key-error")).ToHaveTextAsync("This key does not belong to the certificate CN=Kopano installation CA.");
            await Expect(panel.GetByTestId("node-certificate-zl")).ToContainTextAsync("No server certificate yet.");

            await keyBox.GetByTestId("authority-key-file").SetInputFilesAsync(caKey);
            await Expect(keyBox.GetByTestId("authority-key-loaded")).ToContainTextAsync("cakey.pem loaded");
            await panel.GetByTestId("issue-zl").ClickAsync();
            await Expect(panel.GetByTestId("node-certificate-zl")).ToContainTextAsync("for 127.0.0.1, valid until");
            await Expect(keyBox.GetByTestId("authority-key-error")).ToHaveCountAsync(0);
            var serverDownload = await Page.RunAndWaitForDownloadAsync(() => panel.GetByTestId("key-download-zl-server.pem").ClickAsync());
            var serverPem = Path.Combine(folder, "server.pem");
            await serverDownload.SaveAsAsync(serverPem);

            using (await OpenSslServer.StartAsync(serverPem, zlPort))
            {
                await panel.GetByTestId("tls-check-zl").ClickAsync();
                var result = panel.GetByTestId("tls-result-zl");
                await Expect(result).ToContainTextAsync("Signed by the installation's certificate authority.", new() { Timeout = 20_000 });
                await Expect(result).ToContainTextAsync("The name matches 127.0.0.1.");
            }

            await using var db = await Portal.Services.GetRequiredService<IDbContextFactory<KopanoDbContext>>().CreateDbContextAsync();
            var rows = await db.Certificates.AsNoTracking().OrderBy(c => c.Id).ToListAsync();
            Assert.Equal(["authority", "server"], rows.Select(r => r.Kind));
            Assert.All(rows, r => Assert.Equal("", r.ProtectedKey));
            Assert.Equal(["certificate.authority.create", "certificate.server.issue"],
                await db.AuditRecords.AsNoTracking().Where(a => a.Action.StartsWith("certificate.")).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        }
        finally
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }
}

/// <summary>The multi-server portal on LDAP that keeps no private keys (<c>Portal:Certificates:StorePrivateKeys = false</c>).</summary>
public sealed class KeylessLdapPortalFactory() : PortalFactory(new LdapBackend())
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Kopano:enable_distributed_kopano", "true");
        builder.UseSetting("Portal:Certificates:StorePrivateKeys", "false");
    }
}
