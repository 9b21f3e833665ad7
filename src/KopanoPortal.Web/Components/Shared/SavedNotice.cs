using KopanoPortal.Core.Model;
using MudBlazor;

namespace KopanoPortal.Web.Components.Shared;

public static class SavedNotice
{
    /// <summary>
    /// After a successful save: <paramref name="saved"/>, or, when the service found nothing to change (and so wrote
    /// no audit record), says that instead.
    /// </summary>
    public static void Saved(this ISnackbar snackbar, Result result, string saved)
    {
        if (result.Unchanged)
            snackbar.Add(Result.NothingChangedText, Severity.Info);
        else
            snackbar.Add(saved, Severity.Success);
    }
}
