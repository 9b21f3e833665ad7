using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Web.Components.Pages.Groups;

namespace KopanoPortal.ComponentTests.Groups;

public sealed class GroupPageTests : ComponentTestBase
{
    private IRenderedComponent<Bunit.Rendering.ContainerFragment> RenderGroup(FakeDirectory.GroupRow group) =>
        RenderWithPopovers<GroupPage>(("GroupKey", group.Key.Value));

    private IRenderedComponent<Bunit.Rendering.ContainerFragment> RenderLoaded(FakeDirectory.GroupRow group)
    {
        var cut = RenderGroup(group);
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=group-details]")));
        return cut;
    }

    private static string[] Members(IRenderedComponent<Bunit.Rendering.ContainerFragment> cut) =>
        cut.FindAll("[data-testid=member-row] td:first-child").Select(td => td.TextContent.Trim()).ToArray();

    private FakeDirectory.GroupRow Staff(params FakeDirectory.UserRow[] members) => Directory.AddGroup(Alpha, "staff", members);

    [Fact]
    public void An_admin_sees_the_group_details_and_its_members_as_logins()
    {
        var group = Staff(PlainUser, CompanyAdmin);
        SignInAs(CompanyAdmin);

        var cut = RenderLoaded(group);

        Assert.Equal("staff", cut.Find("h1").TextContent.Trim());
        Assert.Equal("staff", DetailRow(cut, "group-details", "Group name"));
        Assert.Equal("staff@example.com", DetailRow(cut, "group-details", "Email address"));
        Assert.Equal("Alpha", DetailRow(cut, "group-details", "Tenant"));
        Assert.Equal(group.Key.Value, DetailRow(cut, "group-details", "Directory ID"));
        Assert.Equal("Users (2)", cut.Find("[data-testid=member-count]").TextContent.Trim());
        Assert.Equal(["boss@Alpha", "pat@Alpha"], Members(cut));
        Assert.Equal($"users/{PlainUser.Key.Value}", cut.FindAll("[data-testid=member-row] a")[1].GetAttribute("href"));
        Assert.False(HasOperationError(cut));
    }

    [Fact]
    public void A_group_without_members_says_so()
    {
        var group = Staff();
        group.Email = "";
        SignInAs(CompanyAdmin);

        var cut = RenderLoaded(group);

        Assert.Contains("No members yet.", cut.Markup);
        Assert.Equal("Users (0)", cut.Find("[data-testid=member-count]").TextContent.Trim());
        Assert.Equal("—", DetailRow(cut, "group-details", "Email address"));
        Assert.Empty(Members(cut));
    }

    [Fact]
    public void A_company_admin_opening_a_group_of_another_tenant_sees_not_found_and_no_data()
    {
        var others = Directory.AddGroup(Beta, "outsiders");
        SignInAs(CompanyAdmin);

        var cut = RenderGroup(others);

        cut.WaitForAssertion(() => Assert.Equal("Group not found", Missing(cut).Heading));
        Assert.DoesNotContain("outsiders", cut.Markup);
        Assert.Empty(cut.FindAll("[data-testid=group-details]"));
        Assert.False(HasButton(cut, "Delete group…"));
    }

    [Fact]
    public void An_unknown_key_has_a_heading_and_leads_a_company_admin_back_to_their_tenant()
    {
        SignInAs(CompanyAdmin);

        var cut = RenderWithPopovers<GroupPage>(("GroupKey", "DEADBEEF"));

        cut.WaitForAssertion(() => Assert.Equal(("Group not found", "Nothing exists at this link, or it is not yours to see.", $"tenants/{Alpha.Key.Value}", "Back to Alpha"), Missing(cut)));
    }

    [Fact]
    public void A_group_deleted_while_the_page_was_open_is_noticed_on_rename_and_the_page_leads_back_to_its_tenant()
    {
        var group = Staff(PlainUser);
        SignInAs(SystemAdmin);
        var cut = RenderLoaded(group);

        Directory.Groups.Remove(group);
        SetField(cut, "group-name", "crew");
        Click(cut, "Rename");

        cut.WaitForAssertion(() => Assert.Equal(("Group not found", "It was deleted while this page was open.", $"tenants/{Alpha.Key.Value}", "Back to Alpha"), Missing(cut)));
        Assert.Empty(cut.FindAll("[data-testid=group-details]"));
    }

    [Fact]
    public void A_missing_group_page_is_German_too() => Language.In("de", () =>
    {
        SignInAs(SystemAdmin);

        var cut = RenderWithPopovers<GroupPage>(("GroupKey", "DEADBEEF"));

        cut.WaitForAssertion(() => Assert.Equal(("Gruppe nicht gefunden", "Unter diesem Link gibt es nichts, oder Sie dürfen es nicht sehen.", "tenants", "Zurück zu den Mandanten"),
            Missing(cut)));
    });

    [Fact]
    public void A_plain_user_sees_not_found_for_a_group_they_belong_to()
    {
        var group = Staff(PlainUser);
        SignInAs(PlainUser);

        var cut = RenderGroup(group);

        cut.WaitForAssertion(() => Assert.Equal("Group not found", Missing(cut).Heading));
        Assert.Empty(Members(cut));
    }

    [Fact]
    public void A_malformed_mail_address_shows_the_message_beside_the_field_and_writes_nothing()
    {
        var group = Staff();
        SignInAs(CompanyAdmin);
        var cut = RenderLoaded(group);
        Assert.Equal("staff@example.com", LabeledInput(cut, "Group e-mail address").GetAttribute("value"));

        SetLabeled(cut, "Group e-mail address", "staff at example");
        Click(cut, "Save e-mail address");

        cut.WaitForAssertion(() => Assert.Equal("Enter an e-mail address like name@example.com.", LabeledMessage(cut, "Group e-mail address")));
        Assert.True(LabeledHasError(cut, "Group e-mail address"));
        Assert.Empty(Directory.Calls);
        Assert.Equal("staff@example.com", group.Email);
    }

    [Fact]
    public void Saving_the_mail_address_or_the_name_unchanged_says_so_and_writes_nothing_not_even_an_audit_record()
    {
        var group = Staff();
        SignInAs(CompanyAdmin);
        var cut = RenderLoaded(group);

        Click(cut, "Save e-mail address");
        cut.WaitForAssertion(() => Assert.Equal(["Nothing changed: this is already what is stored."], SnackbarMessages));
        Click(cut, "Rename");
        cut.WaitForAssertion(() => Assert.Equal(["Nothing changed: this is already what is stored."], SnackbarMessages));

        Assert.Empty(Directory.Calls);
        Assert.Empty(AuditLog.Records);
    }

    [Fact]
    public void Saving_a_mail_address_writes_it_and_shows_it()
    {
        var group = Staff();
        SignInAs(CompanyAdmin);
        var cut = RenderLoaded(group);

        SetLabeled(cut, "Group e-mail address", "team@alpha.example");
        Click(cut, "Save e-mail address");

        cut.WaitForAssertion(() => Assert.Equal("team@alpha.example", DetailRow(cut, "group-details", "Email address")));
        var call = Assert.Single(Directory.Calls);
        Assert.Equal(("UpdateGroupEmail", "group.update"), (call.Operation, call.Audit.Action));
        Assert.Equal("team@alpha.example", group.Email);
    }

    [Fact]
    public void The_add_button_stays_disabled_until_a_user_is_chosen()
    {
        var group = Staff();
        SignInAs(CompanyAdmin);
        var cut = RenderLoaded(group);
        Assert.True(Button(cut, "Add").HasAttribute("disabled"));

        // A whole login typed but not picked adds nobody: only a picked user counts.
        SetField(cut, "member-picker", "pat");
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll(".mud-popover-open .mud-list-item")), TimeSpan.FromSeconds(5));
        Assert.True(Button(cut, "Add").HasAttribute("disabled"));

        Act(cut, () => cut.FindAll(".mud-popover-open .mud-list-item").First().Click());
        cut.WaitForAssertion(() => Assert.False(Button(cut, "Add").HasAttribute("disabled")));
        Assert.Empty(Directory.Calls);
    }

    [Fact]
    public void The_member_picker_offers_only_non_members_of_the_tenant_and_adding_one_writes_the_membership()
    {
        Directory.AddUser(Beta, "patricia");
        var group = Staff(CompanyAdmin);
        Directory.AddUser(Alpha, "patrick");
        SignInAs(CompanyAdmin);
        var cut = RenderLoaded(group);

        SetField(cut, "member-picker", "pat");
        cut.WaitForAssertion(() => Assert.Equal(["pat@Alpha — pat Fullname", "patrick@Alpha — patrick Fullname"],
            cut.FindAll(".mud-popover-open .mud-list-item").Select(i => i.TextContent.Trim())), TimeSpan.FromSeconds(5));
        Act(cut, () => cut.FindAll(".mud-popover-open .mud-list-item").First().Click());
        cut.WaitForAssertion(() => Assert.False(Button(cut, "Add").HasAttribute("disabled")));
        Click(cut, "Add");

        cut.WaitForAssertion(() => Assert.Equal(["boss@Alpha", "pat@Alpha"], Members(cut)));
        var call = Assert.Single(Directory.Calls);
        Assert.Equal(("AddGroupMember", "group.member-add"), (call.Operation, call.Audit.Action));
        Assert.Contains(PlainUser.Key, group.Members);
        Assert.Equal("Users (2)", cut.Find("[data-testid=member-count]").TextContent.Trim());
        Assert.Contains("pat added to 'staff'.", SnackbarMessages);
    }

    [Fact]
    public void A_second_success_message_replaces_the_first_instead_of_piling_up()
    {
        var group = Staff(CompanyAdmin);
        Directory.AddUser(Alpha, "patrick");
        SignInAs(CompanyAdmin);
        var cut = RenderLoaded(group);

        foreach (var (typed, login) in new[] { ("pat", "pat@Alpha"), ("patr", "patrick@Alpha") })
        {
            SetField(cut, "member-picker", typed);
            cut.WaitForAssertion(() => Act(cut, () => cut.FindAll(".mud-popover-open .mud-list-item")
                .Single(i => i.TextContent.Trim().StartsWith(login, StringComparison.Ordinal)).Click()), TimeSpan.FromSeconds(5));
            cut.WaitForAssertion(() => Assert.False(Button(cut, "Add").HasAttribute("disabled")));
            Click(cut, "Add");
            cut.WaitForAssertion(() => Assert.Contains(login, Members(cut)));
        }

        Assert.Equal(["patrick added to 'staff'."], SnackbarMessages);
    }

    [Fact]
    public void Removing_a_member_writes_the_removal_and_updates_the_list()
    {
        var group = Staff(CompanyAdmin, PlainUser);
        SignInAs(CompanyAdmin);
        var cut = RenderLoaded(group);

        Act(cut, () => cut.Find("[aria-label='Remove pat']").Click());

        cut.WaitForAssertion(() => Assert.Equal(["boss@Alpha"], Members(cut)));
        var call = Assert.Single(Directory.Calls);
        Assert.Equal(("RemoveGroupMember", "group.member-remove"), (call.Operation, call.Audit.Action));
        Assert.Equal([CompanyAdmin.Key], group.Members);
        Assert.NotNull(Directory.User(PlainUser.Key));
    }

    [Fact]
    public void Deleting_previews_the_memberships_then_removes_the_group_but_not_its_members()
    {
        var group = Staff(CompanyAdmin, PlainUser);
        SignInAs(CompanyAdmin);
        var cut = RenderLoaded(group);

        Click(cut, "Delete group…");
        Assert.Contains("removes the group and its 2 membership(s)", cut.Find("[data-testid=delete-preview]").TextContent);
        Assert.Empty(Directory.Calls);
        Click(cut, "Delete permanently");

        cut.WaitForAssertion(() => Assert.Equal($"tenants/{Alpha.Key.Value}", Navigation.ToBaseRelativePath(Navigation.Uri)));
        var call = Assert.Single(Directory.Calls);
        Assert.Equal(("DeleteGroup", "group.delete", "staff"), (call.Operation, call.Audit.Action, call.Audit.Target));
        Assert.Empty(Directory.Groups);
        Assert.NotNull(Directory.User(PlainUser.Key));
        Assert.Contains("Group 'staff' deleted.", SnackbarMessages);
    }

    [Fact]
    public void Cancelling_the_delete_writes_nothing()
    {
        var group = Staff();
        SignInAs(CompanyAdmin);
        var cut = RenderLoaded(group);

        Click(cut, "Delete group…");
        Click(cut, "Cancel");

        Assert.Empty(cut.FindAll("[data-testid=delete-preview]"));
        Assert.Empty(Directory.Calls);
        Assert.Single(Directory.Groups);
    }
}
