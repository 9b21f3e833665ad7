using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Core.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KopanoPortal.ComponentTests.Settings;

/// <summary>/settings: the effective KC options with their source, for system admins only.</summary>
public sealed class SettingsPageTests : ComponentTestBase
{
    private readonly DirectoryInfo _temp = System.IO.Directory.CreateTempSubdirectory("kp-settings-page-");
    private string _serverCfg = "";

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _temp.Exists)
            _temp.Delete(recursive: true);
    }

    private void Configure()
    {
        _serverCfg = Path.Combine(_temp.FullName, "server.cfg");
        File.WriteAllText(_serverCfg, "# KC\nquota_warn = 300\nenable_hosted_kopano = yes\nloginname_format = %u@%c\nmysql_password = never-shown\n");
        var configuration = new ConfigurationBuilder()
            .Add(new KcConfigurationSource(KcConfiguration.Load(_serverCfg, null)))
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Kopano:quota_soft"] = "400" })
            .Build();
        Services.AddSingleton<IConfiguration>(configuration);
    }

    private static string Cell(IRenderedComponent<Web.Components.Pages.Settings.Index> cut, string option, string cell) =>
        cut.Find($"[data-testid=setting-row][data-option='{option}'] [data-testid=setting-{cell}]").TextContent.Trim();

    [Fact]
    public void A_system_admin_sees_each_value_with_its_file_and_line_or_the_portal_setting_that_overrides_it()
    {
        Configure();
        SignInAs(SystemAdmin);

        var cut = Render<Web.Components.Pages.Settings.Index>();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=setting-row]")));
        Assert.Equal(("300 MB", $"server.cfg, line 2 ({_serverCfg})"), (Cell(cut, "quota_warn", "value"), Cell(cut, "quota_warn", "source")));
        Assert.Equal(("on", $"server.cfg, line 3 ({_serverCfg})"), (Cell(cut, "enable_hosted_kopano", "value"), Cell(cut, "enable_hosted_kopano", "source")));
        Assert.Equal("400 MB", Cell(cut, "quota_soft", "value"));
        Assert.StartsWith("the portal's settings", Cell(cut, "quota_soft", "source"), StringComparison.Ordinal);
        Assert.Equal(("none (unlimited)", SettingOrigins.KcDefault), (Cell(cut, "quota_hard", "value"), Cell(cut, "quota_hard", "source")));
        Assert.Equal(("localhost", SettingOrigins.KcDefault), (Cell(cut, "mysql_host", "value"), Cell(cut, "mysql_host", "source")));
        Assert.DoesNotContain("never-shown", cut.Markup, StringComparison.Ordinal);
        Assert.Contains(_serverCfg, cut.Find("[data-testid=settings-files]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_company_admin_is_refused_and_sees_no_value()
    {
        Configure();
        SignInAs(CompanyAdmin);

        var cut = Render<Web.Components.Pages.Settings.Index>();

        cut.WaitForAssertion(() => Assert.True(HasOperationError(cut)));
        Assert.Empty(cut.FindAll("[data-testid=setting-row]"));
    }
}
