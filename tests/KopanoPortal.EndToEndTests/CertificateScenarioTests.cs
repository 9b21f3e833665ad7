using System.DirectoryServices.Protocols;
using System.IO.Compression;
using System.Security.Cryptography.X509Certificates;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Directory.Sql;
using KopanoPortal.EndToEndTests.Infrastructure;
using KopanoPortal.EndToEndTests.Pages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace KopanoPortal.EndToEndTests;

/// <summary>
/// Issue 15's SSL between the nodes, through the pages: a system admin creates the installation's CA, issues
/// certificates for z1 and z2 and a client certificate for kopano-dagent, downloads z1's files (the archive is opened
/// and its certificates checked), and sees the configuration lines; the keys are in the database only encrypted. A
/// company admin sees none of it. Multi-server needs LDAP, so this runs on LDAP only.
/// </summary>
public sealed class CertificateScenarioTests(BrowserFixture browser, DistributedLdapPortalFactory portal, ITestOutputHelper output)
    : PortalBrowserTest(browser, portal, output), IClassFixture<DistributedLdapPortalFactory>
{
    [Fact]
    public async Task A_system_admin_gives_z1_and_z2_their_certificates_and_downloads_z1s_files_a_company_admin_sees_nothing()
    {
        var seed = new DirectorySeed(Portal);
        var exampleorg = await seed.TenantAsync("exampleorg");
        await seed.UserAsync(exampleorg, "exampleorg", "boss", "Boss-Pass#2026", AdminLevel.CompanyAdmin);
        var carol = await seed.UserAsync(exampleorg, "exampleorg", "carol", "Carol-Pass#2026");

        await SignInAsAdminAsync();
        var servers = await new ServersPage(Page).GotoAsync();
        await servers.CreateAsync(new NewServerInput("z1", "z1.example.lan", 236, 237, null, null));
        await servers.CreateAsync(new NewServerInput("z2", "z2.example.lan", 236, 237, null, null));

        var panel = Page.GetByTestId("certificates");
        await Expect(panel.GetByTestId("node-certificate-z1")).ToContainTextAsync("No server certificate yet.");
        await Expect(panel.GetByTestId("issue-z1")).ToBeDisabledAsync();
        await Expect(panel.GetByLabel("Name of the certificate authority")).ToHaveValueAsync("Kopano installation CA");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Create certificate authority" }).ClickAsync();
        await Expect(panel.GetByTestId("certificate-authority")).ToContainTextAsync("Kopano installation CA");

        await panel.GetByTestId("issue-z1").ClickAsync();
        await Expect(Page.Locator(".mud-snackbar").Filter(new() { HasText = "Certificate for z1 issued." })).ToBeVisibleAsync();
        await panel.GetByTestId("issue-z2").ClickAsync();
        await Expect(panel.GetByTestId("node-certificate-z1")).ToContainTextAsync("for z1.example.lan, valid until");
        await Expect(panel.GetByTestId("node-certificate-z2")).ToContainTextAsync("for z2.example.lan, valid until");
        await Expect(panel.GetByTestId("node-certificate-z1").GetByTestId("certificate-warning")).ToHaveCountAsync(0);
        await panel.GetByTestId("issue-client-kopano-dagent").ClickAsync();
        await Expect(panel.GetByTestId("client-cfg-kopano-dagent")).ToContainTextAsync("sslkey_file = /etc/kopano/ssl/client-kopano-dagent.pem");

        // The configuration lines name the downloaded files, never a passphrase.
        var serverCfg = Page.GetByTestId("config-server-cfg-z1");
        await Expect(serverCfg).ToContainTextAsync("server_ssl_ca_file = /etc/kopano/ssl/cacert.pem");
        await Expect(serverCfg).ToContainTextAsync("server_ssl_key_file = /etc/kopano/ssl/server.pem");
        await Expect(serverCfg).ToContainTextAsync("sslkeys_path = /etc/kopano/sslkeys");

        await panel.GetByTestId("prepare-download-z1").ClickAsync();
        var download = await Page.RunAndWaitForDownloadAsync(() => panel.GetByTestId("download-z1").ClickAsync());
        Assert.Equal("z1-kopano-ssl.zip", download.SuggestedFilename);
        var path = Path.Combine(Path.GetTempPath(), $"z1-{Guid.NewGuid():N}.zip");
        await download.SaveAsAsync(path);
        try
        {
            using var zip = ZipFile.OpenRead(path);
            Assert.Equal(
                ["etc/kopano/ssl/cacert.pem", "etc/kopano/ssl/client-kopano-dagent.pem", "etc/kopano/ssl/server.pem",
                 "etc/kopano/sslkeys/client-kopano-dagent-public.pem", "install.sh"],
                zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
            var serverPem = Read(zip, "etc/kopano/ssl/server.pem");
            using var ca = X509Certificate2.CreateFromPem(Read(zip, "etc/kopano/ssl/cacert.pem"));
            using var server = X509Certificate2.CreateFromPem(serverPem, serverPem);
            Assert.True(server.HasPrivateKey);
            Assert.Equal("CN=z1.example.lan", server.Subject);
            Assert.Equal(ca.Subject, server.Issuer);
            Assert.Equal("CN=Kopano installation CA", ca.Subject);
            Assert.True(server.MatchesHostname("z1.example.lan"));
            Assert.Contains("install -o root -g kopano -m 0640 etc/kopano/ssl/server.pem /etc/kopano/ssl/server.pem", Read(zip, "install.sh"), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }

        // The link was for one fetch.
        var again = await Page.APIRequest.GetAsync(await panel.GetByTestId("download-z1").GetAttributeAsync("href") ?? "");
        Assert.Equal(404, again.Status);

        await using (var db = await Portal.Services.GetRequiredService<IDbContextFactory<KopanoDbContext>>().CreateDbContextAsync())
        {
            var rows = await db.Certificates.AsNoTracking().ToListAsync();
            Assert.Equal(4, rows.Count);
            Assert.All(rows, r => Assert.DoesNotContain("PRIVATE KEY", r.ProtectedKey, StringComparison.Ordinal));
            var actions = await db.AuditRecords.AsNoTracking().Where(a => a.Action.StartsWith("certificate.")).Select(a => a.Action + " " + a.Target).ToListAsync();
            Assert.Contains("certificate.bundle.download z1", actions);
        }

        // The TLS check says what it found; z1.example.lan is no address on this machine, so no handshake.
        await panel.GetByTestId("tls-check-z1").ClickAsync();
        await Expect(panel.GetByTestId("tls-result-z1")).ToContainTextAsync("No TLS handshake", new() { Timeout = 20_000 });

        // Archiving: the switches add the dagent.cfg and spooler.cfg lines.
        await Expect(Page.GetByTestId("config-archiver")).ToHaveCountAsync(0);
        await Page.GetByText("Archive every delivered message", new() { Exact = true }).ClickAsync();
        await Expect(Page.GetByTestId("config-archiver-text")).ToContainTextAsync("archive_on_delivery = yes");
        await Expect(Page.GetByTestId("config-archiver-text")).ToContainTextAsync("archive_on_send = no");

        // Carol's archive goes to z2, chosen from the nodes; her entry names it as KC's archiver reads it.
        await new UserPage(Page).GotoAsync(carol.Value, "servers");
        var archive = Page.GetByTestId("archive-servers");
        await archive.GetByLabel("Archive servers", new() { Exact = true }).ClickAsync();
        await Page.GetByRole(AriaRole.Listbox).GetByRole(AriaRole.Option).Filter(new() { HasText = "z2" }).ClickAsync();
        await Page.Keyboard.PressAsync("Escape");
        await archive.GetByTestId("archive-servers-save").ClickAsync();
        await Expect(Page.Locator(".mud-snackbar").Filter(new() { HasText = "Archive servers of 'carol' set to z2." })).ToBeVisibleAsync();
        using (var connection = TestEnvironment.LdapServer().Connect())
        {
            var entry = LdapTestServer.Search(connection, (await Store.UserAsync(await Store.TenantAsync("exampleorg"), "carol")).Location, "(objectClass=*)", SearchScope.Base,
                "kopanoUserArchiveServers").Single();
            Assert.Equal(["z2"], LdapTestServer.Values(entry, "kopanoUserArchiveServers"));
        }

        // A company admin: no certificates, no servers.
        var boss = await NewSessionAsync("boss");
        await SignInAsync(boss, "boss@exampleorg", "Boss-Pass#2026");
        await new ServersPage(boss).GotoAsync();
        await Expect(boss.GetByText("You are not allowed to do that.")).ToBeVisibleAsync();
        await Expect(boss.GetByTestId("certificates")).ToHaveCountAsync(0);
        await Expect(boss.GetByText("Kopano installation CA")).ToHaveCountAsync(0);
    }

    private static string Read(ZipArchive zip, string name)
    {
        using var reader = new StreamReader(zip.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }
}
