using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Core.Model;
using KopanoPortal.Web.Components.Pages.Users;

namespace KopanoPortal.ComponentTests.Users;

/// <summary>The user page's sections as tabs, and the open tab named in the address (<c>?tab=quota</c>).</summary>
public sealed class UserPageTabTests : ComponentTestBase
{
    private IRenderedComponent<UserPage> RenderAt(string address, FakeDirectory.UserRow user)
    {
        Navigation.NavigateTo(address);
        var cut = Render<UserPage>(p => p.Add(x => x.UserKey, user.Key.Value));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[role=tab]")));
        return cut;
    }

    private static string[] Tabs(IRenderedComponent<UserPage> cut) => cut.FindAll("[role=tab]").Select(t => t.TextContent.Trim()).ToArray();

    private static string OpenTab(IRenderedComponent<UserPage> cut) => cut.Find("[role=tab][aria-selected=true]").TextContent.Trim();

    private static AngleSharp.Dom.IElement OpenPanel(IRenderedComponent<UserPage> cut) => cut.Find("[role=tabpanel].mud-tab-panel-active");

    private static void ClickTab(IRenderedComponent<UserPage> cut, string name) =>
        Act(cut, () => cut.FindAll("[role=tab]").Single(t => t.TextContent.Trim() == name).Click());

    private string Address => Navigation.ToBaseRelativePath(Navigation.Uri);

    [Fact]
    public void An_admin_gets_the_sections_as_tabs_with_the_overview_open()
    {
        SignInAs(CompanyAdmin);

        var cut = RenderAt(UserPage.Url(PlainUser.Key), PlainUser);

        Assert.Equal(["Overview", "Edit", "Quota", "Send as and features", "Delete"], Tabs(cut));
        Assert.Equal("Overview", OpenTab(cut));
        Assert.NotNull(OpenPanel(cut).QuerySelector("[data-testid=user-details]"));
        Assert.Null(OpenPanel(cut).QuerySelector("[data-testid=edit-user]"));
        Assert.Single(cut.FindAll("h1"));
    }

    [Fact]
    public async Task Indexes_MudTabs_reports_while_removing_its_panels_neither_fail_nor_change_the_address()
    {
        SignInAs(CompanyAdmin);
        var cut = RenderAt(UserPage.Url(PlainUser.Key, UserSection.Delete), PlainUser);
        var tabs = cut.FindComponent<MudBlazor.MudTabs>();

        // Past the last tab, as when panels go away one by one while the page is left.
        await cut.InvokeAsync(() => tabs.Instance.ActivePanelIndexChanged.InvokeAsync(99));
        Assert.Equal("Delete", OpenTab(cut));

        // After the address has moved on to the next page: it stays that page's.
        Navigation.NavigateTo("tenants");
        await cut.InvokeAsync(() => tabs.Instance.ActivePanelIndexChanged.InvokeAsync(0));
        Assert.Equal("tenants", Address);
    }

    [Fact]
    public void A_plain_user_gets_no_edit_or_delete_tab()
    {
        SignInAs(PlainUser);

        var cut = RenderAt(UserPage.Url(PlainUser.Key, UserSection.Edit), PlainUser);

        Assert.Equal(["Overview", "Quota", "Send as and features"], Tabs(cut));
        Assert.Equal("Overview", OpenTab(cut));
    }

    [Theory]
    [InlineData("quota", "Quota", "user-quota")]
    [InlineData("EDIT", "Edit", "edit-user")]
    [InlineData("mail", "Send as and features", "send-as")]
    [InlineData("delete", "Delete", "delete-user")]
    [InlineData("nonsense", "Overview", "user-details")]
    [InlineData("2", "Overview", "user-details")]
    [InlineData("", "Overview", "user-details")]
    // Without home servers (no node store, as with the DB backend) there is no Servers tab to open.
    [InlineData("servers", "Overview", "user-details")]
    public void The_tab_named_in_the_address_opens_and_any_other_name_opens_the_overview(string name, string tab, string shows)
    {
        SignInAs(SystemAdmin);

        var cut = RenderAt($"{UserPage.Url(PlainUser.Key)}?tab={Uri.EscapeDataString(name)}", PlainUser);

        Assert.Equal(tab, OpenTab(cut));
        Assert.NotNull(OpenPanel(cut).QuerySelector($"[data-testid={shows}]"));
    }

    [Fact]
    public void Choosing_a_tab_puts_its_name_in_the_address_and_the_overview_takes_it_out()
    {
        SignInAs(CompanyAdmin);
        var cut = RenderAt(UserPage.Url(PlainUser.Key), PlainUser);

        ClickTab(cut, "Quota");

        Assert.Equal("Quota", OpenTab(cut));
        Assert.Equal(UserPage.Url(PlainUser.Key, UserSection.Quota), Address);
        ClickTab(cut, "Overview");
        Assert.Equal(UserPage.Url(PlainUser.Key), Address);
    }

    [Fact]
    public void Switching_tabs_keeps_what_was_typed_and_loads_nothing_again()
    {
        SignInAs(CompanyAdmin);
        var cut = RenderAt(UserPage.Url(PlainUser.Key, UserSection.Edit), PlainUser);
        SetLabeled(cut, "Full name", "Pat Typed");
        PlainUser.Email = "changed.elsewhere@example.com";

        ClickTab(cut, "Quota");
        ClickTab(cut, "Edit");

        Assert.Equal("Edit", OpenTab(cut));
        Assert.Equal("Pat Typed", LabeledInput(cut, "Full name").GetAttribute("value"));
        Assert.Equal("pat@example.com", DetailRow(cut, "user-details", "Email address"));
    }

    [Fact]
    public void Switching_tabs_keeps_a_feature_switched_but_not_saved()
    {
        SignInAs(CompanyAdmin);
        var cut = RenderAt(UserPage.Url(PlainUser.Key, UserSection.Mail), PlainUser);
        cut.WaitForElement("[data-testid=user-features]");
        Act(cut, () => FieldInput(cut, "feature-imap").Change(true));

        ClickTab(cut, "Quota");
        ClickTab(cut, "Send as and features");

        Assert.True(((AngleSharp.Html.Dom.IHtmlInputElement)FieldInput(cut, "feature-imap")).IsChecked);
        Assert.Equal(StoredFeatures.None, PlainUser.Features);
    }
}
