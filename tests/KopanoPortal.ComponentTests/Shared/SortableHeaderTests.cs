using System.Globalization;
using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Web.Components.Shared;

namespace KopanoPortal.ComponentTests.Shared;

/// <summary>The sortable header of in-memory tables and the order it stands for (issue 13).</summary>
public sealed class SortableHeaderTests : ComponentTestBase
{
    [Fact]
    public void A_click_sorts_ascending_a_second_descending_and_only_the_sorted_header_has_aria_sort()
    {
        var sort = TableSort.None;
        var cut = Render<SortableHeader>(p => p
            .Add(h => h.Title, "Name").Add(h => h.Column, "name").Add(h => h.Sort, sort)
            .Add(h => h.SortChanged, (TableSort changed) => sort = changed));
        Assert.False(cut.Find("th").HasAttribute("aria-sort"));
        Assert.Equal("col", cut.Find("th").GetAttribute("scope"));
        Assert.Equal("Name", cut.Find("th > button[type=button]").TextContent.Trim());

        cut.Find("button").Click();
        Assert.Equal(new TableSort("name"), sort);
        cut.Render(p => p.Add(h => h.Sort, sort));
        Assert.Equal("ascending", cut.Find("th").GetAttribute("aria-sort"));

        cut.Find("button").Click();
        Assert.Equal(new TableSort("name", Descending: true), sort);
        cut.Render(p => p.Add(h => h.Sort, sort));
        Assert.Equal("descending", cut.Find("th").GetAttribute("aria-sort"));

        // Another column's click starts that column ascending; this header then has no aria-sort.
        cut.Render(p => p.Add(h => h.Sort, sort.Toggle("created")));
        Assert.False(cut.Find("th").HasAttribute("aria-sort"));
    }

    [Fact]
    public void The_arrow_points_the_way_the_column_is_sorted()
    {
        var cut = Render<SortableHeader>(p => p.Add(h => h.Title, "Name").Add(h => h.Column, "name").Add(h => h.Sort, TableSort.None));
        var idle = cut.Find("svg").InnerHtml;
        Assert.Contains("sort-arrow-idle", cut.Find("svg").GetAttribute("class"));

        cut.Render(p => p.Add(h => h.Sort, new TableSort("name")));
        var up = cut.Find("svg").InnerHtml;
        Assert.DoesNotContain("sort-arrow-idle", cut.Find("svg").GetAttribute("class"));

        cut.Render(p => p.Add(h => h.Sort, new TableSort("name", Descending: true)));
        var down = cut.Find("svg").InnerHtml;
        Assert.Equal(3, new[] { idle, up, down }.Distinct().Count());
    }

    [Fact]
    public void Text_sorts_as_the_language_does_ignoring_case_numbers_and_dates_as_such_ties_keep_their_order()
    {
        var before = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            string[] names = ["zoe", "Ärger", "bernd", "Anna", "Zacharias"];
            // Ordinal order would put capitals first and Ä after z.
            Assert.Equal(["Anna", "Ärger", "bernd", "Zacharias", "zoe"], new TableSort("name").Apply(names, (n, _) => n));
            Assert.Equal(["zoe", "Zacharias", "bernd", "Ärger", "Anna"], new TableSort("name", true).Apply(names, (n, _) => n));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }

        int[] numbers = [10, 9, 100];
        Assert.Equal([9, 10, 100], new TableSort("n").Apply(numbers, (n, _) => n));
        DateTimeOffset[] dates = [new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), new(2025, 12, 1, 0, 0, 0, TimeSpan.Zero)];
        Assert.Equal(dates.Reverse(), new TableSort("d").Apply(dates, (d, _) => d));

        (string Key, int Position)[] rows = [("b", 1), ("a", 2), ("B", 3), ("a", 4), (null!, 5)];
        Assert.Equal([5, 2, 4, 1, 3], new TableSort("k").Apply(rows, (r, _) => r.Key).Select(r => r.Position));
        Assert.Equal([1, 3, 2, 4, 5], new TableSort("k", true).Apply(rows, (r, _) => r.Key).Select(r => r.Position));
        Assert.Equal([1, 2, 3, 4, 5], TableSort.None.Apply(rows, (r, _) => r.Key).Select(r => r.Position));
    }
}
