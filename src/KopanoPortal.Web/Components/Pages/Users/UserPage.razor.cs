using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Security;
using KopanoPortal.Core.Servers;
using KopanoPortal.Core.Services;
using KopanoPortal.Web.Components.Pages.Tenants;
using KopanoPortal.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace KopanoPortal.Web.Components.Pages.Users;

/// <summary>One user as kopano-admin --details shows what the tables hold, and what an admin may change.</summary>
public partial class UserPage
{
    [Parameter]
    public string UserKey { get; set; } = "";

    /// <summary>The open tab's name (<c>?tab=quota</c>), so a reload, Back or a link opens it; unknown names open the first.</summary>
    [SupplyParameterFromQuery(Name = "tab")]
    public string? Tab { get; set; }

    [Inject]
    private UserService Users { get; set; } = default!;

    [Inject]
    private FluentValidation.IValidator<UserForm> UserRules { get; set; } = default!;

    [Inject]
    private FluentValidation.IValidator<PasswordForm> PasswordRules { get; set; } = default!;

    [Inject]
    private QuotaService Quotas { get; set; } = default!;

    [Inject]
    private ServerNodeService Servers { get; set; } = default!;

    [Inject]
    private ICurrentActor CurrentActor { get; set; } = default!;

    [Inject]
    private AccessPolicy Policy { get; set; } = default!;

    [Inject]
    private LoginNameFormat LoginFormat { get; set; } = default!;

    [Inject]
    private IOptions<KopanoOptions> Kopano { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    public static string Url(ObjectKey user) => $"users/{Uri.EscapeDataString(user.Value)}";

    /// <summary>The page with one tab open.</summary>
    public static string Url(ObjectKey user, UserSection tab) => $"{Url(user)}?tab={TabName(tab)}";

    private static string TabName(UserSection section) => section.ToString().ToLowerInvariant();

    private UserDetails? _details;
    private OperationError? _pageError;
    private string? _loadedKey;

    /// <summary>The user as last shown, when they have been deleted since.</summary>
    private UserDetails? _gone;
    private bool _canAdminister;
    private bool _canManage;
    private bool _levelEditable;
    private bool _busy;
    private bool _confirmDelete;
    private IReadOnlyList<AdminLevel> _levels = [];
    private List<BreadcrumbItem> _breadcrumbs = [];
    private UserForm _edit = new();
    private UserSummary? _editedFrom;
    private List<string>? _conflict;
    private PasswordForm _password = new();
    private OperationError? _deleteError;
    private EffectiveQuota? _effective;
    private QuotaForm? _quota;

    /// <summary>The tabs this admin gets for this user, in order; the first is the overview.</summary>
    private List<UserSection> _sections = [];

    /// <summary>The tab named in the address when the page last read it.</summary>
    private string? _tabInAddress;
    private UserSection _shown;

    private readonly FormErrors _quotaErrors = new(nameof(QuotaForm.Warn), nameof(QuotaForm.Soft), nameof(QuotaForm.Hard));

    private readonly FormErrors _editErrors = new(
        nameof(UserForm.Name), nameof(UserForm.FullName), nameof(UserForm.Email), nameof(UserForm.AdminLevel));

    private readonly FormErrors _passwordErrors = new(nameof(PasswordForm.Password), nameof(PasswordForm.Confirmation));

    private string Login => _details is { } d ? LoginFormat.Render(d.User.Name, d.TenantName) : "";

    private string StoreName => _details is { } d ? Kopano.Value.StoreName(Login, d.User.FullName, d.TenantName) : "";

    protected override async Task OnParametersSetAsync()
    {
        // Only the tab changed (a tab was clicked, or Back): show it without loading the user again or clearing forms.
        if (UserKey == _loadedKey && _details is not null && Tab != _tabInAddress)
        {
            (_tabInAddress, _shown) = (Tab, NamedSection(Tab));
            return;
        }
        _tabInAddress = Tab;
        if (UserKey != _loadedKey)
            (_details, _gone, _loadedKey, _sections) = (null, null, UserKey, []);
        _confirmDelete = false;
        _deleteError = null;
        _editErrors.Clear();
        _passwordErrors.Clear();
        _quotaErrors.Clear();
        _password = new();
        await LoadAsync();
        _shown = NamedSection(Tab);
    }

    private UserSection NamedSection(string? name) =>
        _sections.FirstOrDefault(s => string.Equals(TabName(s), name, StringComparison.OrdinalIgnoreCase));

    private int ActiveTab => Math.Max(0, _sections.IndexOf(_shown));

    /// <summary>Opens the tab and puts its name in the address in place of the old one, so Back leaves the page rather than the tab.</summary>
    private void ShowTab(int index)
    {
        // MudTabs reports an index too while it removes its panels, as when the page is left: only a choice on this page counts.
        if (index < 0 || index >= _sections.Count || !OnThisPage)
            return;
        _shown = _sections[index];
        var name = _shown == UserSection.Overview ? null : TabName(_shown);
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("tab", name), replace: true);
    }

    private bool OnThisPage =>
        Navigation.ToBaseRelativePath(Navigation.Uri).Split('?', '#')[0] == Url(new ObjectKey(UserKey));

    private async Task LoadAsync()
    {
        var actor = await CurrentActor.GetAsync(CancellationToken.None);
        var result = await Users.GetAsync(new ObjectKey(UserKey), CancellationToken.None);
        var shown = _details;
        (_details, _pageError) = (result.Value, result.Error);
        _gone = result.Error is KopanoPortal.Core.Model.NotFound ? shown ?? _gone : null;
        if (_details is null || actor is null)
            return;
        var user = _details.User;
        _canAdminister = Policy.CanAdminister(actor, user.Tenant);
        _canManage = Policy.CanManage(actor, user);
        var max = Policy.MaxGrantableLevel(actor, user.Tenant);
        _levelEditable = user.AdminLevel <= max;
        _levels = Enum.GetValues<AdminLevel>().Where(l => l <= max || l == user.AdminLevel).ToList();
        _edit = UserForm.From(_details);
        _editedFrom = user;
        _conflict = null;
        _breadcrumbs = [.. ParentCrumbs(actor), new(Login, null, disabled: true)];
        await LoadQuotaAsync(_canManage);
        _sections = await SectionsAsync();
    }

    /// <summary>Home and archive servers only where they apply: for system admins, with the LDAP backend's nodes.</summary>
    private async Task<List<UserSection>> SectionsAsync()
    {
        var servers = await Servers.CanManageAsync(CancellationToken.None);
        return new (UserSection Section, bool Shown)[]
        {
            (UserSection.Overview, true),
            (UserSection.Edit, _canAdminister),
            (UserSection.Quota, _effective is not null),
            (UserSection.Mail, true),
            (UserSection.Servers, servers),
            (UserSection.Delete, _canAdminister),
        }.Where(s => s.Shown).Select(s => s.Section).ToList();
    }

    /// <summary>The effective levels for everyone who sees the user; the user's own quota to edit for admins who may manage them.</summary>
    private async Task LoadQuotaAsync(bool editable)
    {
        var key = _details!.User.Key;
        _effective = (await Quotas.EffectiveQuotaAsync(key, CancellationToken.None)).Value;
        _quota = editable && (await Quotas.GetUserQuotaAsync(key, CancellationToken.None)).Value is { } quota ? QuotaForm.From(quota) : null;
    }

    private string Level(long mb) => mb == 0 ? L["unlimited"] : QuotaText.Size(mb);

    /// <summary>Renders the page again, so Save follows whether every level reads as a size.</summary>
    private void QuotaChanged()
    {
    }

    private async Task SaveQuotaAsync()
    {
        _busy = true;
        var result = await Quotas.SetUserQuotaAsync(_details!.User.Key, _quota!, CancellationToken.None);
        _busy = false;
        if (!_quotaErrors.Show(result.Error))
            return;
        Snackbar.Saved(result, L["Quota of '{0}' saved.", Login]);
        await LoadAsync();
    }

    /// <summary>An action found no user: when the user itself is gone, the page says so instead of offering the form again.</summary>
    private async Task<bool> GoneAsync(OperationError? error)
    {
        if (error is not KopanoPortal.Core.Model.NotFound)
            return false;
        await LoadAsync();
        return _details is null;
    }

    private IEnumerable<BreadcrumbItem> ParentCrumbs(Actor actor)
    {
        if (_details!.User.Tenant is not { } tenant)
            return Policy.Hosted ? (Policy.CanManageTenants(actor) ? [new(L["Tenants"], "tenants")] : []) : [new(L["Users"], "users")];
        BreadcrumbItem own = new(_details.TenantName ?? L["Tenant"], TenantPage.Url(tenant));
        return Policy.CanManageTenants(actor) || actor.AdministeredRemotely.Count > 0 ? [new(L["Tenants"], "tenants"), own] : [own];
    }

    private string NonActiveType(KopanoObjectClass objectClass) => objectClass switch
    {
        KopanoObjectClass.NonActiveRoom => L["Room"],
        KopanoObjectClass.NonActiveEquipment => L["Equipment"],
        KopanoObjectClass.NonActiveContact => L["Contact"],
        _ => L["Shared store"],
    };

    private async Task SaveAsync()
    {
        _busy = true;
        var result = await Users.UpdateAsync(_details!.User.Key, _edit, CancellationToken.None);
        _busy = false;
        if (result.Error is Conflict)
        {
            await ShowConflictAsync();
            return;
        }
        if (await GoneAsync(result.Error) || !_editErrors.Show(result.Error))
            return;
        Snackbar.Saved(result, L["Changes saved."]);
        await LoadAsync();
    }

    /// <summary>
    /// Someone saved the user since this form was filled: show what they changed, keep what this admin typed, and let a
    /// second "Save changes" overwrite knowingly (the form now carries the newer version).
    /// </summary>
    private async Task ShowConflictAsync()
    {
        var fresh = (await Users.GetAsync(_details!.User.Key, CancellationToken.None)).Value;
        if (fresh is null)
        {
            await LoadAsync();
            return;
        }
        var (was, now) = (_editedFrom!, fresh.User);
        _conflict = new List<string?>
        {
            was.Name != now.Name ? L["User name is now '{0}' (was '{1}')", now.Name, was.Name].Value : null,
            was.FullName != now.FullName ? L["Full name is now '{0}' (was '{1}')", now.FullName, was.FullName].Value : null,
            was.Email != now.Email ? L["E-mail address is now '{0}' (was '{1}')", now.Email, was.Email].Value : null,
            was.IsActive != now.IsActive ? (now.IsActive ? L["The user is now active"] : L["The user is now not active"]).Value : null,
            was.AdminLevel != now.AdminLevel ? L["Administrator level is now '{0}' (was '{1}')", now.AdminLevel.Label(), was.AdminLevel.Label()].Value : null,
        }.OfType<string>().ToList();
        _details = fresh;
        _editedFrom = now;
        _edit.Version = fresh.Version;
    }

    private async Task ResetPasswordAsync()
    {
        _busy = true;
        var result = await Users.ResetPasswordAsync(_details!.User.Key, _password, CancellationToken.None);
        _busy = false;
        if (await GoneAsync(result.Error) || !_passwordErrors.Show(result.Error))
            return;
        Snackbar.Add(L["Password of '{0}' reset.", Login], Severity.Success);
        _password = new();
        await LoadAsync();
    }

    private async Task DeleteAsync()
    {
        var user = _details!.User;
        var login = Login;
        _busy = true;
        var result = await Users.DeleteAsync(user.Key, CancellationToken.None);
        _busy = false;
        if (await GoneAsync(result.Error))
            return;
        _deleteError = result.Error;
        if (!result.Succeeded)
            return;
        Snackbar.Add(L["User '{0}' deleted.", login], Severity.Success);
        Navigation.NavigateTo(user.Tenant is { } tenant ? TenantPage.Url(tenant) : Policy.Hosted ? "tenants" : "users");
    }
}

/// <summary>The user page's tabs; their lower-case names are what <c>?tab=</c> takes.</summary>
public enum UserSection
{
    Overview,
    Edit,
    Quota,
    Mail,
    Servers,
    Delete,
}
