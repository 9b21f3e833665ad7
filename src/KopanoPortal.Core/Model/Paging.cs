namespace KopanoPortal.Core.Model;

/// <summary>One page of a list the store sorts and cuts; <see cref="Total"/> counts every match.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total)
{
    public static Page<T> Empty { get; } = new([], 0);
}

/// <summary>What a picker offers for the text typed so far: one page of names, and whether more match than it holds.</summary>
public sealed record Suggestions(IReadOnlyList<string> Names, bool More)
{
    /// <summary>A picker shows at most this many; typing more narrows the rest.</summary>
    public const int PageSize = 20;

    public static Suggestions Empty { get; } = new([], false);

    /// <summary>A page the store cut at <see cref="PageSize"/> (or one more, to learn whether more match).</summary>
    public static Suggestions Of(IEnumerable<string> names, bool more)
    {
        var list = names.ToList();
        return new(list.Take(PageSize).ToList(), more || list.Count > PageSize);
    }

    /// <summary>The first page of a search for <paramref name="text"/>, asking one more than shown.</summary>
    public static PageRequest FirstPage(string? text) => new PageRequest(0, PageSize + 1, text).Normalized();
}

/// <summary>
/// The column a list of users or groups is sorted by; the name (login or group name) is the default and breaks ties.
/// A list without the column (groups have no full name) sorts by name. Ascending, a user's admin level goes from
/// none to system admin, active users come before non-active ones, and a stored value that is missing comes last.
/// </summary>
public enum ListSort
{
    Name,
    FullName,
    Email,
    AdminLevel,
    Active,
    /// <summary>The user's home server; only LDAP stores one (docs/kopano.md, "Multi-server"), elsewhere the list sorts by name.</summary>
    HomeServer,
}

/// <summary>Server-side paging: a window, an optional case-insensitive substring, the sort column and direction.</summary>
public sealed record PageRequest(int Offset = 0, int Count = 25, string? Search = null, bool Descending = false, ListSort Sort = ListSort.Name)
{
    public const int MaxCount = 200;

    /// <summary>The field an <see cref="InvalidInput"/> from <see cref="CheckSearch"/> names.</summary>
    public const string SearchField = "Search";

    public PageRequest Normalized() => this with
    {
        Offset = Math.Max(0, Offset),
        Count = Math.Clamp(Count, 1, MaxCount),
        Search = string.IsNullOrWhiteSpace(Search) ? null : Search.Trim(),
        Sort = Enum.IsDefined(Sort) ? Sort : ListSort.Name,
    };

    /// <summary>Search text the stores cannot take (a control character): refused before any store sees it.</summary>
    public InvalidInput? CheckSearch() => Validation.TextRules.Check(SearchField, Text.N("Search text"), Search);
}
