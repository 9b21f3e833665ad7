using System.Globalization;

namespace KopanoPortal.Web.Components.Shared;

/// <summary>
/// The column a reader sorted an in-memory table by, and which way (issue 13); no column keeps the order the list came in.
/// Text compares as the reader's language does, ignoring case; numbers and dates as such; rows with equal keys keep
/// their order; an empty key (null) comes first.
/// </summary>
public sealed record TableSort(string? Column = null, bool Descending = false)
{
    public static readonly TableSort None = new();

    /// <summary>A click on a column's header: that column ascending, again the other way.</summary>
    public TableSort Toggle(string column) => Column == column ? this with { Descending = !Descending } : new TableSort(column);

    /// <summary>The header's aria-sort: only the sorted column has one.</summary>
    public string? AriaSort(string column) => Column != column ? null : Descending ? "descending" : "ascending";

    /// <summary>The rows in this order; <paramref name="key"/> gives a row's key for a column.</summary>
    public IReadOnlyList<T> Apply<T>(IEnumerable<T> rows, Func<T, string, object?> key) =>
        Column is { } column ? Order(rows, row => key(row, column), Descending) : rows as IReadOnlyList<T> ?? rows.ToList();

    /// <summary>LINQ's ordering is stable both ways, so ties keep the list's order.</summary>
    public static IReadOnlyList<T> Order<T>(IEnumerable<T> rows, Func<T, object?> key, bool descending) =>
        (descending ? rows.OrderByDescending(key, KeyComparer.Instance) : rows.OrderBy(key, KeyComparer.Instance)).ToList();

    private sealed class KeyComparer : IComparer<object?>
    {
        public static readonly KeyComparer Instance = new();

        public int Compare(object? x, object? y) => (x, y) switch
        {
            (null, null) => 0,
            (null, _) => -1,
            (_, null) => 1,
            (string a, string b) => CultureInfo.CurrentCulture.CompareInfo.Compare(a, b, CompareOptions.IgnoreCase),
            _ => Comparer<object>.Default.Compare(x, y),
        };
    }
}
