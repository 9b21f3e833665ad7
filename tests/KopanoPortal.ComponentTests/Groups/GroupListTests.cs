using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Web.Components.Shared;

namespace KopanoPortal.ComponentTests.Groups;

public sealed class GroupListTests : ComponentTestBase
{
    private const string NameField = "new-group-name";
    private const string EmailField = "new-group-email";

    private IRenderedComponent<GroupList> RenderList(FakeDirectory.TenantRow tenant) =>
        Render<GroupList>(p => p.Add(x => x.Tenant, tenant.Key).Add(x => x.TenantName, tenant.Name));

    private IRenderedComponent<GroupList> RenderLoaded(FakeDirectory.TenantRow tenant)
    {
        var cut = RenderList(tenant);
        cut.WaitForAssertion(() => Assert.NotEmpty(Column(cut, "Group")));
        return cut;
    }

    [Fact]
    public void A_tenant_without_groups_shows_the_empty_state()
    {
        SignInAs(CompanyAdmin);

        var cut = RenderList(Alpha);

        cut.WaitForAssertion(() => Assert.Contains("No groups yet.", cut.Markup));
        Assert.Empty(Column(cut, "Group"));
        Assert.False(HasOperationError(cut));
    }

    [Fact]
    public void The_loaded_list_shows_the_tenants_groups_with_mail_and_member_count()
    {
        Directory.AddGroup(Alpha, "staff", CompanyAdmin, PlainUser);
        Directory.AddGroup(Alpha, "board", CompanyAdmin).Email = "";
        Directory.AddGroup(Beta, "others");
        SignInAs(CompanyAdmin);

        var cut = RenderLoaded(Alpha);

        Assert.Equal(["board", "staff"], Column(cut, "Group"));
        Assert.Equal(["", "staff@example.com"], Column(cut, "E-mail"));
        Assert.Equal(["1", "2"], Column(cut, "Members"));
        Assert.DoesNotContain("others", cut.Markup);
        Assert.StartsWith("groups/", cut.Find("[data-testid=group-link]").GetAttribute("href"));
    }

    [Fact]
    public void Creating_without_a_name_shows_the_required_message_beside_the_field_and_writes_nothing()
    {
        SignInAs(CompanyAdmin);
        var cut = RenderList(Alpha);
        cut.WaitForAssertion(() => Assert.Contains("No groups yet.", cut.Markup));

        Click(cut, "Create group");

        cut.WaitForAssertion(() => Assert.Equal("Group name is required.", FieldMessage(cut, NameField)));
        Assert.True(FieldHasError(cut, NameField));
        Assert.False(FieldHasError(cut, EmailField));
        Assert.False(HasOperationError(cut));
        Assert.Empty(Directory.Calls);
    }

    [Fact]
    public void A_malformed_mail_address_is_named_beside_its_field_as_soon_as_it_is_entered_and_goes_when_corrected()
    {
        SignInAs(CompanyAdmin);
        var cut = RenderList(Alpha);

        SetField(cut, EmailField, "sales-at-example");

        cut.WaitForAssertion(() => Assert.Equal("Enter an e-mail address like name@example.com.", FieldMessage(cut, EmailField)));
        Assert.False(FieldHasError(cut, NameField), "The name has not been touched yet.");

        SetField(cut, EmailField, "sales@example.com");

        cut.WaitForAssertion(() => Assert.False(FieldHasError(cut, EmailField)));
        Assert.Empty(Directory.Calls);
    }

    [Fact]
    public void Creating_with_a_malformed_mail_address_shows_the_message_beside_the_mail_field_and_writes_nothing()
    {
        SignInAs(CompanyAdmin);
        var cut = RenderList(Alpha);

        SetField(cut, NameField, "sales");
        SetField(cut, EmailField, "sales-at-example");
        Click(cut, "Create group");

        cut.WaitForAssertion(() => Assert.Equal("Enter an e-mail address like name@example.com.", FieldMessage(cut, EmailField)));
        Assert.False(FieldHasError(cut, NameField));
        Assert.Empty(Directory.Calls);
        Assert.Empty(Directory.Groups);
    }

    [Fact]
    public void Creating_a_duplicate_name_shows_already_taken_beside_the_name_field()
    {
        Directory.AddGroup(Alpha, "staff");
        SignInAs(CompanyAdmin);
        var cut = RenderLoaded(Alpha);

        SetField(cut, NameField, "STAFF");
        Click(cut, "Create group");

        cut.WaitForAssertion(() => Assert.Equal("'STAFF' is already taken.", FieldMessage(cut, NameField)));
        Assert.Single(CallsOf("CreateGroup"));
        Assert.Single(Directory.Groups);
        Assert.Empty(SnackbarMessages);
    }

    [Fact]
    public void The_same_group_name_in_another_tenant_is_fine()
    {
        Directory.AddGroup(Beta, "staff");
        SignInAs(CompanyAdmin);
        var cut = RenderList(Alpha);

        SetField(cut, NameField, "staff");
        Click(cut, "Create group");

        cut.WaitForAssertion(() => Assert.Equal(["staff"], Column(cut, "Group")));
        Assert.Equal(2, Directory.Groups.Count);
    }

    [Fact]
    public void Creating_a_valid_group_writes_it_in_the_tenant_lists_it_and_clears_the_form()
    {
        SignInAs(CompanyAdmin);
        var cut = RenderList(Alpha);

        SetField(cut, NameField, "sales");
        SetField(cut, EmailField, "sales@alpha.example");
        Click(cut, "Create group");

        cut.WaitForAssertion(() => Assert.Equal(["sales"], Column(cut, "Group")));
        var call = Assert.Single(Directory.Calls);
        Assert.Equal(("CreateGroup", "group.create", "boss@Alpha", "Alpha"), (call.Operation, call.Audit.Action, call.Audit.Actor, call.Audit.TenantName));
        var group = Assert.Single(Directory.Groups);
        Assert.Equal((Alpha.Key, "sales@alpha.example"), (group.Tenant!.Value, group.Email));
        Assert.Contains("Group 'sales' created.", SnackbarMessages);
        Assert.Equal("", FieldInput(cut, NameField).GetAttribute("value") ?? "");
    }

    [Fact]
    public void A_company_admin_listing_another_tenant_sees_not_found_and_no_groups()
    {
        Directory.AddGroup(Beta, "others");
        SignInAs(CompanyAdmin);

        var cut = RenderList(Beta);

        cut.WaitForAssertion(() => Assert.Equal("The tenant was not found.", OperationError(cut)));
        Assert.Empty(Column(cut, "Group"));
        Assert.DoesNotContain("others", cut.Markup);
    }

    [Fact]
    public void A_company_admin_creating_in_another_tenant_is_refused_and_nothing_is_written()
    {
        SignInAs(CompanyAdmin);
        var cut = RenderList(Beta);

        SetField(cut, NameField, "intruders");
        Click(cut, "Create group");

        cut.WaitForAssertion(() => Assert.Equal("You are not allowed to do that.", OperationError(cut)));
        Assert.Empty(Directory.Calls);
        Assert.Empty(Directory.Groups);
    }
}
