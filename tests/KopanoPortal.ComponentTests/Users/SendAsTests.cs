using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Services;
using KopanoPortal.Web.Components.Pages.Groups;
using KopanoPortal.Web.Components.Pages.Users;

namespace KopanoPortal.ComponentTests.Users;

public sealed class SendAsTests : ComponentTestBase
{
    private IRenderedComponent<UserPage> OpenUser(FakeDirectory.UserRow user)
    {
        var cut = Render<UserPage>(p => p.Add(x => x.UserKey, user.Key.Value));
        cut.WaitForElement("[data-testid=send-as]");
        return cut;
    }

    private IRenderedComponent<GroupPage> OpenGroup(FakeDirectory.GroupRow group)
    {
        var cut = Render<GroupPage>(p => p.Add(x => x.GroupKey, group.Key.Value));
        cut.WaitForElement("[data-testid=send-as]");
        return cut;
    }

    [Fact]
    public void An_admin_adds_a_user_of_the_tenant_as_delegate()
    {
        SignInAs(CompanyAdmin);
        var cut = OpenUser(PlainUser);
        Assert.NotEmpty(cut.FindAll("[data-testid=send-as-empty]"));

        AddToList(cut, "send-as", "BOSS");

        cut.WaitForAssertion(() => Assert.Equal(["boss@Alpha"], ListRows(cut, "send-as")));
        Assert.Equal(["boss"], Directory.NamesOn(ObjectList.SendAsDelegates, PlainUser.Key));
        Assert.Equal("sendas.add", Assert.Single(AuditLog.Records).Record.Action);
        Assert.Contains("'BOSS' may now send as pat@Alpha.", SnackbarMessages);
    }

    [Fact]
    public void A_group_can_be_a_delegate_and_shows_as_a_group()
    {
        Directory.AddGroup(Alpha, "sales");
        SignInAs(CompanyAdmin);
        var cut = OpenUser(PlainUser);

        AddToList(cut, "send-as", "sales");

        cut.WaitForAssertion(() => Assert.Equal(["sales (group)"], ListRows(cut, "send-as")));
        Assert.Equal(["sales"], Directory.NamesOn(ObjectList.SendAsDelegates, PlainUser.Key));
    }

    [Fact]
    public void A_delegate_from_another_tenant_is_refused_beside_the_field_and_nothing_is_written()
    {
        Directory.AddUser(Beta, "anna");
        SignInAs(CompanyAdmin);
        var cut = OpenUser(PlainUser);

        AddToList(cut, "send-as", "anna@Beta");

        cut.WaitForAssertion(() => Assert.Equal(LookupAnswer.UserOrGroup, FieldMessage(cut, "send-as-input")));
        Assert.True(FieldHasError(cut, "send-as-input"));
        Assert.False(HasOperationError(cut));
        Assert.Empty(Directory.Calls);
        Assert.Empty(ListRows(cut, "send-as"));
    }

    [Fact]
    public void An_unknown_name_and_the_user_themself_are_refused_beside_the_field()
    {
        SignInAs(CompanyAdmin);
        var cut = OpenUser(PlainUser);

        AddToList(cut, "send-as", "nobody");
        cut.WaitForAssertion(() => Assert.Equal(LookupAnswer.UserOrGroup, FieldMessage(cut, "send-as-input")));

        AddToList(cut, "send-as", "pat");
        cut.WaitForAssertion(() => Assert.Equal("Nobody can be their own send-as delegate.", FieldMessage(cut, "send-as-input")));
        Assert.Empty(Directory.Calls);
    }

    [Fact]
    public void Removing_a_delegate_updates_the_list()
    {
        Directory.AddToList(ObjectList.SendAsDelegates, PlainUser.Key, CompanyAdmin.Key);
        SignInAs(CompanyAdmin);
        var cut = OpenUser(PlainUser);
        Assert.Equal(["boss@Alpha"], ListRows(cut, "send-as"));

        RemoveFromList(cut, "send-as", "boss@Alpha");

        cut.WaitForAssertion(() => Assert.Empty(ListRows(cut, "send-as")));
        Assert.Empty(Directory.ListEntries);
        Assert.Equal("sendas.remove", Assert.Single(AuditLog.Records).Record.Action);
    }

    [Fact]
    public void The_user_themself_sees_their_delegates_read_only()
    {
        Directory.AddToList(ObjectList.SendAsDelegates, PlainUser.Key, CompanyAdmin.Key);
        SignInAs(PlainUser);

        var cut = OpenUser(PlainUser);

        Assert.Equal(["boss@Alpha"], ListRows(cut, "send-as"));
        Assert.Empty(cut.FindAll("[data-testid=send-as-input]"));
        Assert.Empty(cut.FindAll("[data-testid=send-as-remove]"));
    }

    [Fact]
    public void A_company_admin_cannot_change_a_system_admins_delegates()
    {
        var root = Directory.AddUser(Alpha, "root", AdminLevel.SystemAdmin);
        SignInAs(CompanyAdmin);

        var cut = OpenUser(root);

        Assert.Empty(cut.FindAll("[data-testid=send-as-input]"));
    }

    [Fact]
    public void A_groups_delegates_are_added_and_removed_on_the_group_page()
    {
        var group = Directory.AddGroup(Alpha, "sales");
        SignInAs(CompanyAdmin);
        var cut = OpenGroup(group);

        AddToList(cut, "send-as", "pat");

        cut.WaitForAssertion(() => Assert.Equal(["pat@Alpha"], ListRows(cut, "send-as")));
        Assert.Equal(["pat"], Directory.NamesOn(ObjectList.SendAsDelegates, group.Key));

        RemoveFromList(cut, "send-as", "pat@Alpha");

        cut.WaitForAssertion(() => Assert.Empty(ListRows(cut, "send-as")));
        Assert.Empty(Directory.ListEntries);
        Assert.Equal(["sendas.add", "sendas.remove"], AuditLog.Records.Select(r => r.Record.Action));
    }

    [Fact]
    public void A_non_active_user_cannot_be_a_groups_delegate()
    {
        var group = Directory.AddGroup(Alpha, "sales");
        Directory.AddUser(Alpha, "room1", active: false, password: null);
        SignInAs(CompanyAdmin);
        var cut = OpenGroup(group);

        AddToList(cut, "send-as", "room1");

        cut.WaitForAssertion(() => Assert.Contains("not an active user", FieldMessage(cut, "send-as-input")));
        Assert.Empty(Directory.Calls);
    }
}
