using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Security;
using KopanoPortal.Core.Services;
using KopanoPortal.Web.Components.Pages.Tenants;
using KopanoPortal.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace KopanoPortal.Web.Components.Pages.Groups;

/// <summary>One security group as kopano-admin --details shows it, its members, and what an admin may change.</summary>
public partial class GroupPage
{
    private const string MemberField = "Member";

    [Parameter]
    public string GroupKey { get; set; } = "";

    [Inject]
    private GroupService Groups { get; set; } = default!;

    [Inject]
    private FluentValidation.IValidator<GroupForm> GroupRules { get; set; } = default!;

    [Inject]
    private UserService UserDirectory { get; set; } = default!;

    [Inject]
    private ICurrentActor CurrentActor { get; set; } = default!;

    [Inject]
    private AccessPolicy Policy { get; set; } = default!;

    [Inject]
    private LoginNameFormat LoginFormat { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private MembershipCheckService Memberships { get; set; } = default!;

    public static string Url(ObjectKey group) => $"groups/{Uri.EscapeDataString(group.Value)}";

    private GroupDetails? _details;
    private OperationError? _pageError;
    private string? _loadedKey;

    /// <summary>The group as last shown, when it has been deleted since.</summary>
    private GroupDetails? _gone;
    private List<BreadcrumbItem> _breadcrumbs = [];
    private UserSummary? _candidate;
    private GroupForm _email = new();
    private OperationError? _deleteError;
    private bool _confirmDelete;
    private bool _busy;
    private readonly FormErrors _memberErrors = new(MemberField);
    private readonly FormErrors _emailErrors = new(nameof(GroupForm.Email));
    private readonly FormErrors _renameErrors = new(nameof(GroupForm.Name));
    private GroupForm _rename = new();
    private bool _canCheckMemberships;

    protected override async Task OnParametersSetAsync()
    {
        if (GroupKey != _loadedKey)
            (_details, _gone, _loadedKey) = (null, null, GroupKey);
        (_candidate, _confirmDelete, _deleteError) = (null, false, null);
        _memberErrors.Clear();
        _emailErrors.Clear();
        _renameErrors.Clear();
        await LoadAsync();
        _email = new() { Email = _details?.Group.Email ?? "" };
        _rename = new() { Name = _details?.Group.Name ?? "" };
        _canCheckMemberships = Memberships.IsAvailable && await Memberships.CanCheckAsync(CancellationToken.None);
    }

    private async Task LoadAsync()
    {
        var actor = await CurrentActor.GetAsync(CancellationToken.None);
        var result = await Groups.GetAsync(new ObjectKey(GroupKey), CancellationToken.None);
        var shown = _details;
        (_details, _pageError) = (result.Value, result.Error);
        _gone = result.Error is KopanoPortal.Core.Model.NotFound ? shown ?? _gone : null;
        if (_details is null || actor is null)
            return;
        _breadcrumbs = [.. ParentCrumbs(actor), new(_details.Group.Name, null, disabled: true)];
    }

    /// <summary>An action found no group (or no member): when the group itself is gone, the page says so instead of offering the form again.</summary>
    private async Task<bool> GoneAsync(OperationError? error)
    {
        if (error is not KopanoPortal.Core.Model.NotFound)
            return false;
        await LoadAsync();
        return _details is null;
    }

    private IEnumerable<BreadcrumbItem> ParentCrumbs(Actor actor)
    {
        if (_details!.Group.Tenant is not { } tenant)
            return Policy.Hosted ? (Policy.CanManageTenants(actor) ? [new(L["Tenants"], "tenants")] : []) : [new(L["Groups"], "groups")];
        BreadcrumbItem own = new(_details.TenantName ?? L["Tenant"], TenantPage.Url(tenant));
        return Policy.CanManageTenants(actor) || actor.AdministeredRemotely.Count > 0 ? [new(L["Tenants"], "tenants"), own] : [own];
    }

    /// <summary>Asks the directory for one page of matching users of the group's tenant: never all of them.</summary>
    private async Task<IEnumerable<UserSummary>> SearchUsersAsync(string? text, CancellationToken ct)
    {
        if (_details is null)
            return [];
        var result = await UserDirectory.PageAsync(_details.Group.Tenant, new PageRequest(0, 20, text), ct);
        var members = _details.Members.Select(m => m.Key).ToHashSet();
        return result.Value?.Items.Where(u => !members.Contains(u.Key)) ?? [];
    }

    private async Task AddAsync()
    {
        if (_candidate is not { } user)
        {
            _memberErrors.Show(new InvalidInput(MemberField, L["Choose a user first."]));
            return;
        }
        _busy = true;
        var result = await Groups.AddMemberAsync(_details!.Group.Key, user.Key, CancellationToken.None);
        _busy = false;
        if (await GoneAsync(result.Error) || !_memberErrors.Show(result.Error))
            return;
        Snackbar.Add(L["{0} added to '{1}'.", user.Name, _details.Group.Name], Severity.Success);
        _candidate = null;
        await LoadAsync();
    }

    private async Task RemoveAsync(MemberRef member)
    {
        _busy = true;
        var result = await Groups.RemoveMemberAsync(_details!.Group.Key, member.Key, CancellationToken.None);
        _busy = false;
        if (await GoneAsync(result.Error) || !_memberErrors.Show(result.Error))
            return;
        Snackbar.Add(L["{0} removed from '{1}'.", member.Name, _details.Group.Name], Severity.Success);
        await LoadAsync();
    }

    private async Task SaveEmailAsync()
    {
        _busy = true;
        var result = await Groups.UpdateEmailAsync(_details!.Group.Key, _email, CancellationToken.None);
        _busy = false;
        if (await GoneAsync(result.Error) || !_emailErrors.Show(result.Error))
            return;
        Snackbar.Saved(result, L["E-mail address saved."]);
        await LoadAsync();
    }

    private async Task RenameAsync()
    {
        _busy = true;
        var result = await Groups.RenameAsync(_details!.Group.Key, _rename, CancellationToken.None);
        _busy = false;
        if (await GoneAsync(result.Error) || !_renameErrors.Show(result.Error))
            return;
        Snackbar.Saved(result, L["Group renamed to '{0}'.", _rename.Name]);
        await LoadAsync();
    }

    private async Task DeleteAsync()
    {
        var group = _details!.Group;
        _busy = true;
        var result = await Groups.DeleteAsync(group.Key, CancellationToken.None);
        _busy = false;
        if (await GoneAsync(result.Error))
            return;
        _deleteError = result.Error;
        if (!result.Succeeded)
            return;
        Snackbar.Add(L["Group '{0}' deleted.", group.Name], Severity.Success);
        Navigation.NavigateTo(group.Tenant is { } tenant ? TenantPage.Url(tenant) : Policy.Hosted ? "tenants" : "groups");
    }
}
