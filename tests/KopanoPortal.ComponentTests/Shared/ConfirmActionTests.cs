using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Core.Model;
using KopanoPortal.Web.Components.Shared;
using Microsoft.AspNetCore.Components.Web;

namespace KopanoPortal.ComponentTests.Shared;

/// <summary>A confirmation opens in place, keeps focus inside, and Escape or Cancel closes it with focus back on its trigger.</summary>
public sealed class ConfirmActionTests : ComponentTestBase
{
    private int _confirmed;

    private readonly FormErrors _errors = new("Name");

    private IRenderedComponent<ConfirmAction> RenderConfirm(bool busy = false) => Render<ConfirmAction>(p => p
        .Add(x => x.TriggerText, "Delete user…")
        .Add(x => x.ConfirmText, "Delete permanently")
        .Add(x => x.Busy, busy)
        .Add(x => x.Errors, _errors)
        .Add(x => x.OnConfirm, () => _confirmed++)
        .AddChildContent("<p data-testid=\"what\">pat@Alpha goes.</p>"));

    /// <summary>Blazor's ElementReference.FocusAsync goes through this JS call.</summary>
    private int Focuses() => JSInterop.Invocations.Count(i => i.Identifier == "Blazor._internal.domWrapper.focus");

    private static void Open(IRenderedComponent<ConfirmAction> cut) =>
        Act(cut, () => cut.FindAll("button").Single(b => b.TextContent.Trim() == "Delete user…").Click());

    [Fact]
    public void The_trigger_opens_a_labelled_confirmation_that_keeps_focus_inside()
    {
        var cut = RenderConfirm();

        Open(cut);

        var panel = cut.Find("[role=alertdialog]");
        Assert.Equal("Delete user…", panel.GetAttribute("aria-label"));
        Assert.Equal("pat@Alpha goes.", panel.QuerySelector("[data-testid=what]")!.TextContent);
        Assert.NotNull(panel.QuerySelector(".mud-focus-trap"));
        Assert.Equal(["Delete permanently", "Cancel"], panel.QuerySelectorAll("button").Select(b => b.TextContent.Trim()));
        Assert.Equal(0, _confirmed);
    }

    [Fact]
    public void Escape_closes_it_and_puts_focus_back_on_the_trigger()
    {
        var cut = RenderConfirm();
        Open(cut);
        var focusesBefore = Focuses();

        Act(cut, () => cut.Find("[role=alertdialog]").KeyDown(new KeyboardEventArgs { Key = "Escape" }));

        Assert.Empty(cut.FindAll("[role=alertdialog]"));
        Assert.Contains(cut.FindAll("button"), b => b.TextContent.Trim() == "Delete user…");
        cut.WaitForAssertion(() => Assert.True(Focuses() > focusesBefore));
        Assert.Equal(0, _confirmed);
    }

    [Fact]
    public void Other_keys_leave_it_open_and_confirming_runs_the_step()
    {
        var cut = RenderConfirm();
        Open(cut);

        Act(cut, () => cut.Find("[role=alertdialog]").KeyDown(new KeyboardEventArgs { Key = "Tab" }));
        Act(cut, () => cut.FindAll("[role=alertdialog] button").Single(b => b.TextContent.Trim() == "Delete permanently").Click());

        Assert.Single(cut.FindAll("[role=alertdialog]"));
        Assert.Equal(1, _confirmed);
    }

    [Fact]
    public void While_the_step_runs_Escape_does_not_close_it()
    {
        var cut = RenderConfirm(busy: true);
        Open(cut);

        Act(cut, () => cut.Find("[role=alertdialog]").KeyDown(new KeyboardEventArgs { Key = "Escape" }));

        Assert.Single(cut.FindAll("[role=alertdialog]"));
    }

    [Fact]
    public void Enter_in_the_confirmation_confirms_but_not_while_a_field_in_it_shows_an_error()
    {
        var cut = RenderConfirm();
        Open(cut);
        Act(cut, () => _errors.Show(new InvalidInput("Name", "Type 'Alpha' to confirm.")));

        Act(cut, () => cut.Find("[role=alertdialog] form").Submit());
        Assert.Equal(0, _confirmed);
        Assert.True(Button(cut, "Delete permanently").HasAttribute("disabled"));

        Act(cut, () => _errors.Forget("Name"));
        Act(cut, () => cut.Find("[role=alertdialog] form").Submit());
        Assert.Equal(1, _confirmed);
    }
}
