using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Core.Model;
using KopanoPortal.Web.Components.Shared;

namespace KopanoPortal.ComponentTests.Shared;

/// <summary>The add field of KC's list editors as a picker: suggestions from the owner's search, the chosen or typed text to Add.</summary>
public sealed class ObjectListEditorTests : ComponentTestBase
{
    private static readonly TimeSpan Debounced = TimeSpan.FromSeconds(5);

    private readonly List<string> _searched = [];
    private readonly List<string> _added = [];
    private OperationError? _addError;
    private Suggestions _suggestions = new(["anna@Beta", "anton@Beta"], More: false);

    private IRenderedComponent<Bunit.Rendering.ContainerFragment> RenderEditor() =>
        RenderWithPopovers<ObjectListEditor<string>>(
            (nameof(ObjectListEditor<string>.Items), (IReadOnlyList<string>)[]),
            (nameof(ObjectListEditor<string>.Text), (Func<string, string>)(s => s)),
            (nameof(ObjectListEditor<string>.TestId), "admins"),
            (nameof(ObjectListEditor<string>.Editable), true),
            (nameof(ObjectListEditor<string>.Add), (Func<string, Task<OperationError?>>)(name =>
            {
                _added.Add(name);
                return Task.FromResult(_addError);
            })),
            (nameof(ObjectListEditor<string>.Remove), (Func<string, Task<OperationError?>>)(_ => Task.FromResult<OperationError?>(null))),
            (nameof(ObjectListEditor<string>.Search), (Func<string, CancellationToken, Task<Suggestions>>)((text, _) =>
            {
                _searched.Add(text);
                return Task.FromResult(_suggestions);
            })));

    private static string[] Suggested(IRenderedComponent<Bunit.Rendering.ContainerFragment> cut) =>
        cut.FindAll(".mud-popover-open [data-testid=admins-suggestion]").Select(s => s.TextContent.Trim()).ToArray();

    private string[] ShowSuggestions(IRenderedComponent<Bunit.Rendering.ContainerFragment> cut, string typed)
    {
        SetField(cut, "admins-input", typed);
        cut.WaitForAssertion(() => Assert.Equal(typed, _searched.LastOrDefault()), Debounced);
        cut.WaitForAssertion(() => Assert.NotEmpty(Suggested(cut)));
        return Suggested(cut);
    }

    [Fact]
    public void Typing_part_of_a_name_shows_the_matches_the_owner_s_search_found_for_it()
    {
        var cut = RenderEditor();

        Assert.Equal(["anna@Beta", "anton@Beta"], ShowSuggestions(cut, "an"));

        Assert.Empty(cut.FindAll("[data-testid=admins-more]"));
        Assert.Empty(_added);
    }

    [Fact]
    public void When_more_match_than_a_page_the_picker_says_to_type_more()
    {
        _suggestions = new(Enumerable.Range(1, Suggestions.PageSize).Select(i => $"user{i}@Beta").ToList(), More: true);
        var cut = RenderEditor();

        Assert.Equal(Suggestions.PageSize, ShowSuggestions(cut, "user").Length);

        cut.WaitForAssertion(() => Assert.Contains("type more of the name", cut.Find(".mud-popover-open [data-testid=admins-more]").TextContent));
    }

    [Fact]
    public void Choosing_a_suggestion_and_adding_passes_its_name_to_Add_and_empties_the_field()
    {
        var cut = RenderEditor();
        ShowSuggestions(cut, "an");

        Act(cut, () => cut.FindAll(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim() == "anton@Beta").Click());
        cut.WaitForAssertion(() => Assert.Equal("anton@Beta", FieldInput(cut, "admins-input").GetAttribute("value")));
        ClickTestId(cut, "admins-add");

        cut.WaitForAssertion(() => Assert.Equal(["anton@Beta"], _added));
        cut.WaitForAssertion(() => Assert.Equal("", FieldInput(cut, "admins-input").GetAttribute("value") ?? ""));
        Assert.False(FieldHasError(cut, "admins-input"));
    }

    [Fact]
    public void A_name_typed_in_full_without_choosing_is_added_as_typed()
    {
        var cut = RenderEditor();
        ShowSuggestions(cut, "anna@beta");

        ClickTestId(cut, "admins-add");

        cut.WaitForAssertion(() => Assert.Equal(["anna@beta"], _added));
    }

    [Fact]
    public void The_service_s_refusal_shows_beside_the_picker_and_keeps_the_text()
    {
        _addError = new InvalidInput("Member", "anna@Beta is a user of Beta itself.");
        var cut = RenderEditor();
        ShowSuggestions(cut, "an");
        Act(cut, () => cut.FindAll(".mud-popover-open .mud-list-item").First().Click());

        ClickTestId(cut, "admins-add");

        cut.WaitForAssertion(() => Assert.Equal("anna@Beta is a user of Beta itself.", FieldMessage(cut, "admins-input")));
        Assert.True(FieldHasError(cut, "admins-input"));
        Assert.Equal("anna@Beta", FieldInput(cut, "admins-input").GetAttribute("value"));
        Assert.False(HasOperationError(cut));
    }
}
