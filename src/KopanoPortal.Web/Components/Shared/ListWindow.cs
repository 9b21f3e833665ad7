using KopanoPortal.Core.Model;

namespace KopanoPortal.Web.Components.Shared;

/// <summary>Which page of a directory list a <see cref="ListPager"/> shows: its number from 0 and its size.</summary>
public sealed record ListWindow(int Page = 0, int PageSize = 25)
{
    public PageRequest ToRequest(string? search, bool descending, ListSort sort = ListSort.Name) =>
        new(Offset: Page * PageSize, Count: PageSize, Search: search, Descending: descending, Sort: sort);
}
