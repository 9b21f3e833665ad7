using KopanoPortal.Core.Model;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace KopanoPortal.Web.Components.Shared;

/// <summary>Turns a MudDataGrid's server-data request into the directory's page request, and its answer back.</summary>
public static class GridPaging
{
    public static PageRequest ToRequest<T>(GridState<T> state, string? search) => new(
        Offset: state.Page * state.PageSize,
        Count: state.PageSize,
        Search: search,
        Descending: state.SortDefinitions.FirstOrDefault()?.Descending ?? false,
        Sort: SortOf(state.SortDefinitions.FirstOrDefault()?.SortBy));

    /// <summary>The sort key of the users' home-server column (<see cref="SortKeyColumn{T}"/>), which no property of a user holds.</summary>
    public const string HomeServerColumn = "HomeServer";

    /// <summary>
    /// The store's sort for the grid's sorted column, known by the property a PropertyColumn shows or the key a
    /// <see cref="SortKeyColumn{T}"/> names; every other sortable column (the name's link) sorts by name.
    /// </summary>
    private static ListSort SortOf(string? column) => column switch
    {
        nameof(UserSummary.FullName) => ListSort.FullName,
        nameof(UserSummary.Email) => ListSort.Email,
        nameof(UserSummary.AdminLevel) => ListSort.AdminLevel,
        nameof(UserSummary.IsActive) => ListSort.Active,
        HomeServerColumn => ListSort.HomeServer,
        _ => ListSort.Name,
    };

    /// <summary>An error leaves the grid empty; the page shows the error itself.</summary>
    public static GridData<T> ToGridData<T>(Result<Page<T>> result) => result.Succeeded
        ? new GridData<T> { Items = result.Value!.Items, TotalItems = result.Value.Total }
        : new GridData<T> { Items = [], TotalItems = 0 };

    /// <summary>After the search text changed: back to the first page (which reloads), or reload the first page.</summary>
    public static async Task RestartAsync<T>(MudDataGrid<T>? grid)
    {
        if (grid is null)
            return;
        if (grid.CurrentPage > 0)
            grid.NavigateTo(MudBlazor.Page.First);
        else
            await grid.ReloadServerData();
    }
}

/// <summary>
/// A template column whose sort request names <see cref="SortKey"/>: a plain TemplateColumn names itself by a new
/// GUID on every render, which <see cref="GridPaging"/> cannot map to a store's sort.
/// </summary>
public sealed class SortKeyColumn<T> : TemplateColumn<T>
{
    [Parameter, EditorRequired]
    public string SortKey { get; set; } = "";

    public override string PropertyName => SortKey;
}
