using System.Globalization;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Servers;
using KopanoPortal.Core.Services;
using KopanoPortal.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace KopanoPortal.Web.Components.Pages.Servers;

/// <summary>One multi-server node: what KC makes of it, who lives there, and what a client is told when it connects.</summary>
public partial class ServerPage
{
    private const string HomeField = "Logins";

    [Parameter]
    public string ServerName { get; set; } = "";

    [Inject]
    private ServerNodeService Servers { get; set; } = default!;

    [Inject]
    private UserService UserDirectory { get; set; } = default!;

    [Inject]
    private TenantService TenantDirectory { get; set; } = default!;

    [Inject]
    private LoginNameFormat LoginFormat { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private IStringLocalizer<UserLoginLookup> LookupTexts { get; set; } = default!;

    public static string Url(string server) => $"servers/{Uri.EscapeDataString(server)}";

    private ServerNodeDetails? _details;
    private OperationError? _pageError;
    private IReadOnlyList<string> _nodeNames = [];
    private List<BreadcrumbItem> _breadcrumbs = [];
    private ServerNodeForm _edit = new();
    private readonly FormErrors _editErrors = new(ServerNodeFields.Fields);
    private readonly FormErrors _homeErrors = new(HomeField);
    private string? _homeLogins;
    private ServerNodeInUse? _deleteRefusal;
    private OperationError? _deleteError;
    private ServerConfiguration? _configuration;
    private bool _confirmDelete;
    private bool _busy;
    private string? _loadedName;

    /// <summary>The page had shown the server, and it has been deleted (or renamed) since.</summary>
    private bool _gone;

    protected override async Task OnParametersSetAsync()
    {
        // Parameters are set again when a cascading value (the authentication state) arrives: that is no new page,
        // and must not close a confirmation the admin has just opened.
        if (ServerName == _loadedName)
            return;
        _loadedName = ServerName;
        (_details, _gone) = (null, false);
        _editErrors.Clear();
        _homeErrors.Clear();
        (_deleteRefusal, _deleteError, _confirmDelete) = (null, null, false);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var result = await Servers.GetAsync(ServerName, CancellationToken.None);
        var shown = _details is not null;
        (_details, _pageError) = (result.Value, result.Error);
        _gone = result.Error is KopanoPortal.Core.Model.NotFound && (shown || _gone);
        if (_details is null)
            return;
        _edit = ServerNodeForm.From(_details.Node);
        _breadcrumbs = [new(L["Servers"], "servers"), new(_details.Node.Name, null, disabled: true)];
        _nodeNames = (await Servers.NodeNamesAsync(CancellationToken.None)).Value ?? [_details.Node.Name];
    }

    private async Task SaveAsync()
    {
        var before = _details!.Node.Name;
        _busy = true;
        var result = await Servers.UpdateAsync(before, _edit, CancellationToken.None);
        _busy = false;
        if (result.Error is KopanoPortal.Core.Model.NotFound)
        {
            await LoadAsync();
            if (_details is null)
                return;
        }
        if (!_editErrors.Show(result.Error))
            return;
        var after = _edit.Name.Trim();
        Snackbar.Saved(result, L["Server '{0}' saved.", after]);
        if (!after.Equals(before, StringComparison.Ordinal))
        {
            Navigation.NavigateTo(Url(after));
            return;
        }
        await ReloadAsync();
    }

    private async Task HomeUsersAsync()
    {
        var server = _details!.Node.Name;
        _busy = true;
        try
        {
            var users = await new UserLoginLookup(UserDirectory, TenantDirectory, LoginFormat, LookupTexts).FindAllAsync(_homeLogins ?? "", HomeField, CancellationToken.None);
            if (!_homeErrors.Show(users.Error))
                return;
            var result = await Servers.SetUserServersAsync(users.Value!.Select(u => u.Key).ToList(), server, CancellationToken.None);
            if (!_homeErrors.Show(result.Error))
                return;
            Snackbar.Add(L["{0} now homed on '{1}'.", string.Join(", ", users.Value!.Select(u => u.Login)), server], Severity.Success);
            _homeLogins = null;
        }
        finally
        {
            _busy = false;
        }
        await ReloadAsync();
    }

    private async Task DeleteAsync()
    {
        var server = _details!.Node.Name;
        _busy = true;
        var result = await Servers.DeleteAsync(server, CancellationToken.None);
        _busy = false;
        _confirmDelete = false;
        (_deleteRefusal, _deleteError) = (result.Error as ServerNodeInUse, result.Error is ServerNodeInUse ? null : result.Error);
        if (!result.Succeeded)
            return;
        Snackbar.Add(L["Server '{0}' deleted.", server], Severity.Success);
        Navigation.NavigateTo("servers");
    }

    private async Task ReloadAsync()
    {
        await LoadAsync();
        if (_configuration is not null)
            await _configuration.RefreshAsync();
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static string PathOrWhy(string path, string why) => path.Length > 0 ? path : $"— ({why})";
}
