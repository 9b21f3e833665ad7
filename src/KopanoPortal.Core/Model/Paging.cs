namespace KopanoPortal.Core.Model;

/// <summary>One page of a list the store sorts and cuts; <see cref="Total"/> counts every match.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total)
{
    public static Page<T> Empty { get; } = new([], 0);
}

/// <summary>Server-side paging: a window, an optional case-insensitive substring, and the sort direction by name.</summary>
public sealed record PageRequest(int Offset = 0, int Count = 25, string? Search = null, bool Descending = false)
{
    public const int MaxCount = 200;

    /// <summary>The field an <see cref="InvalidInput"/> from <see cref="CheckSearch"/> names.</summary>
    public const string SearchField = "Search";

    public PageRequest Normalized() => this with
    {
        Offset = Math.Max(0, Offset),
        Count = Math.Clamp(Count, 1, MaxCount),
        Search = string.IsNullOrWhiteSpace(Search) ? null : Search.Trim(),
    };

    /// <summary>Search text the stores cannot take (a control character): refused before any store sees it.</summary>
    public InvalidInput? CheckSearch() => Validation.TextRules.Check(SearchField, Text.N("Search text"), Search);
}
