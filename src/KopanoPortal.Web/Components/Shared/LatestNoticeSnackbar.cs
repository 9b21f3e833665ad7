using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor;

namespace KopanoPortal.Web.Components.Shared;

/// <summary>
/// MudBlazor's snackbar service, showing only the newest message: "Saved." after "Saved." replaces it instead of
/// stacking up a column of toasts that say the same thing.
/// </summary>
public sealed class LatestNoticeSnackbar(SnackbarService inner) : ISnackbar
{
    public IEnumerable<Snackbar> ShownSnackbars => inner.ShownSnackbars;

    public SnackbarConfiguration Configuration => inner.Configuration;

    public event Action? OnSnackbarsUpdated
    {
        add => inner.OnSnackbarsUpdated += value;
        remove => inner.OnSnackbarsUpdated -= value;
    }

    public Snackbar? Add(string message, Severity severity = Severity.Normal, Action<SnackbarOptions>? configure = null, string? key = null) =>
        Replacing(() => inner.Add(message, severity, configure, key));

    public Snackbar? Add(MarkupString message, Severity severity = Severity.Normal, Action<SnackbarOptions>? configure = null, string? key = null) =>
        Replacing(() => inner.Add(message, severity, configure, key));

    public Snackbar? Add(RenderFragment message, Severity severity = Severity.Normal, Action<SnackbarOptions>? configure = null, string? key = null) =>
        Replacing(() => inner.Add(message, severity, configure, key));

    public Snackbar? Add<T>(Dictionary<string, object>? componentParameters = null, Severity severity = Severity.Normal,
        Action<SnackbarOptions>? configure = null, string? key = null) where T : IComponent =>
        Replacing(() => inner.Add<T>(componentParameters, severity, configure, key));

    public void Clear() => inner.Clear();

    public void Remove(Snackbar snackbar) => inner.Remove(snackbar);

    public void RemoveByKey(string key) => inner.RemoveByKey(key);

    public void Dispose() => inner.Dispose();

    private Snackbar? Replacing(Func<Snackbar?> add)
    {
        inner.Clear();
        return add();
    }

    /// <summary>Puts this in place of the snackbar service <c>AddMudServices</c> registered.</summary>
    public static void Register(IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Scoped<ISnackbar>(sp => new LatestNoticeSnackbar(ActivatorUtilities.CreateInstance<SnackbarService>(sp))));
    }
}
