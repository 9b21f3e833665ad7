namespace KopanoPortal.Core.Model;

/// <summary>One page of a list the store sorts and cuts; <see cref="Total"/> counts every match.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total)
{
    public static Page<T> Empty { get; } = new([], 0);
}

/// <summary>
/// The column a list of users or groups is sorted by; the name (login or group name) is the default and breaks ties.
/// A list without the column (groups have no full name) sorts by name.
/// </summary>
public enum ListSort
{
    Name,
    FullName,
    Email,
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
