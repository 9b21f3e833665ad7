using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Core.Operators;

namespace KopanoPortal.ComponentTests.Operators;

public sealed class OperatorsPageTests : ComponentTestBase
{
    private IRenderedComponent<Web.Components.Pages.Operators.Index> RenderLoaded()
    {
        var cut = Render<Web.Components.Pages.Operators.Index>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=operators]")));
        return cut;
    }

    private static void FillNew(IRenderedComponent<Web.Components.Pages.Operators.Index> cut, string name, string password, string confirmation)
    {
        SetLabeled(cut, "Name", name);
        SetLabeled(cut, "Full name", $"{name} Example");
        SetLabeled(cut, "Password", password);
        SetLabeled(cut, "Confirm password", confirmation);
        Click(cut, "Create operator");
    }

    private static string Status(IRenderedComponent<Web.Components.Pages.Operators.Index> cut, string name) =>
        cut.Find($"[data-testid=operator-row][data-name='{name}'] [data-testid=operator-status]").TextContent.Trim();

    [Fact]
    public void A_system_admin_creates_an_operator_and_sees_it_listed()
    {
        Operators.Add("root", "root-secret-1");
        SignInAs(SystemAdmin);
        var cut = RenderLoaded();

        FillNew(cut, "ops", "ops-secret-1", "ops-secret-1");

        cut.WaitForAssertion(() => Assert.Equal("Active", Status(cut, "ops")));
        Assert.Contains("The operator 'ops' was created.", SnackbarMessages);
        Assert.True(OperatorPasswords.Verify(Operators.Rows.Single(r => r.Account.Name == "ops").Hash, "ops-secret-1"));
        Assert.Empty(Directory.Calls);
        Assert.Contains(AuditLog.Records, r => r.Record.Action == "operator.create" && r.Record.Target == "ops" && r.Record.Actor == "admin");
    }

    [Fact]
    public void A_taken_name_or_a_bad_confirmation_shows_beside_the_field_and_creates_nothing()
    {
        Operators.Add("root", "root-secret-1");
        SignInAs(SystemAdmin);
        var cut = RenderLoaded();

        FillNew(cut, "ROOT", "ops-secret-1", "ops-secret-1");
        cut.WaitForAssertion(() => Assert.Contains("too close to the existing name 'root'", LabeledMessage(cut, "Name")));
        FillNew(cut, "ops", "ops-secret-1", "ops-secret-2");
        cut.WaitForAssertion(() => Assert.Equal("The passwords do not match.", LabeledMessage(cut, "Confirm password")));

        Assert.Single(Operators.Rows);
    }

    [Fact]
    public void An_operator_deactivates_another_but_not_themselves()
    {
        var root = Operators.Add("root", "root-secret-1");
        Operators.Add("ops", "ops-secret-1");
        SignInAs(root);
        var cut = RenderLoaded();

        cut.Find("[data-testid=operator-row][data-name='ops'] [data-testid=operator-toggle]").Click();
        cut.WaitForAssertion(() => Assert.Equal("Deactivated", Status(cut, "ops")));
        cut.Find("[data-testid=operator-row][data-name='root'] [data-testid=operator-toggle]").Click();

        cut.WaitForAssertion(() => Assert.Equal("You cannot deactivate yourself: ask another system admin.", OperationError(cut)));
        Assert.Equal("Active", Status(cut, "root"));
    }

    [Fact]
    public void A_system_admin_sets_an_operators_password()
    {
        var ops = Operators.Add("ops", "ops-secret-1");
        SignInAs(SystemAdmin);
        var cut = RenderLoaded();

        cut.Find("[data-testid=operator-row][data-name='ops'] [data-testid=operator-set-password]").Click();
        SetLabeled(cut, "New password", "ops-secret-2");
        SetLabeled(cut, "Confirm new password", "ops-secret-2");
        Click(cut, "Save password");

        cut.WaitForAssertion(() => Assert.Contains("The password of 'ops' was set; its sessions ended.", SnackbarMessages));
        Assert.True(OperatorPasswords.Verify(Operators.Rows.Single(r => r.Account.Id == ops.Id).Hash, "ops-secret-2"));
    }

    [Fact]
    public void A_company_admin_is_refused_and_sees_no_operators()
    {
        Operators.Add("nightshift", "night-secret-1");
        SignInAs(CompanyAdmin);

        var cut = Render<Web.Components.Pages.Operators.Index>();

        cut.WaitForAssertion(() => Assert.Equal("You are not allowed to do that.", OperationError(cut)));
        Assert.Empty(cut.FindAll("[data-testid=operators]"));
        Assert.DoesNotContain("nightshift", cut.Markup);
    }

    private static string[] Names(IRenderedComponent<Web.Components.Pages.Operators.Index> cut) =>
        cut.FindAll("[data-testid=operator-row]").Select(r => r.GetAttribute("data-name")!).ToArray();

    [Fact]
    public void Every_column_sorts_both_ways_by_a_click_on_its_header()
    {
        Operators.Add("bob", "bob-secret-1");
        Operators.Add("alice", "alice-secret-1", active: false);
        Operators.Add("Carl", "carl-secret-1");
        string[] created = ["bob", "Carl", "alice"];
        for (var i = 0; i < Operators.Rows.Count; i++)
        {
            var row = Operators.Rows[i];
            Operators.Rows[i] = (row.Account with { Created = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(Array.IndexOf(created, row.Account.Name)) }, row.Hash);
        }
        SignInAs(SystemAdmin);
        var cut = RenderLoaded();
        Assert.Equal(["alice", "bob", "Carl"], Names(cut));
        Assert.All(cut.FindAll("[data-testid=operators] th"), th => Assert.False(th.HasAttribute("aria-sort")));

        SortTable(cut, "operators", "Created");
        Assert.Equal(["bob", "Carl", "alice"], Names(cut));
        Assert.Equal("ascending", TableHeader(cut, "operators", "Created").GetAttribute("aria-sort"));
        SortTable(cut, "operators", "Created");
        Assert.Equal(["alice", "Carl", "bob"], Names(cut));
        Assert.Equal("descending", TableHeader(cut, "operators", "Created").GetAttribute("aria-sort"));

        // Capitals count as small letters: an ordinal sort would put Carl first, not last.
        SortTable(cut, "operators", "Name");
        Assert.Equal(["alice", "bob", "Carl"], Names(cut));
        Assert.False(TableHeader(cut, "operators", "Created").HasAttribute("aria-sort"));
        SortTable(cut, "operators", "Name");
        Assert.Equal(["Carl", "bob", "alice"], Names(cut));

        SortTable(cut, "operators", "Full name");
        Assert.Equal(["alice", "bob", "Carl"], Names(cut));

        // Active before Deactivated; the two active ones keep the list's order.
        SortTable(cut, "operators", "Status");
        Assert.Equal(["bob", "Carl", "alice"], Names(cut));
        SortTable(cut, "operators", "Status");
        Assert.Equal(["alice", "bob", "Carl"], Names(cut));
    }
}
