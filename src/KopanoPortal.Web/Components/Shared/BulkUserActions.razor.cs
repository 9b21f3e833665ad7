using KopanoPortal.Core.Model;
using KopanoPortal.Core.Servers;
using KopanoPortal.Core.Services;
using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace KopanoPortal.Web.Components.Shared;

public sealed partial class BulkUserActions : IDisposable
{
    [Inject]
    private BulkUserService Bulk { get; set; } = default!;

    [Inject]
    private GroupService Groups { get; set; } = default!;

    [Inject]
    private ServerNodeService Servers { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Parameter, EditorRequired]
    public ObjectKey? Tenant { get; set; }

    /// <summary>The rows ticked in the list.</summary>
    [Parameter, EditorRequired]
    public IReadOnlyCollection<UserSummary> Selected { get; set; } = [];

    /// <summary>The list's search, for "all matching the search", and how many users it matches.</summary>
    [Parameter]
    public string? Search { get; set; }

    [Parameter]
    public int MatchCount { get; set; }

    /// <summary>Whether home servers are offered (system admins with a writable node store).</summary>
    [Parameter]
    public bool CanSetHomeServer { get; set; }

    /// <summary>After applying: the list reloads (some users may have changed even when others failed).</summary>
    [Parameter]
    public EventCallback Applied { get; set; }

    [Parameter]
    public EventCallback Closed { get; set; }

    private readonly FormErrors _errors = new(BulkUserService.SelectionField, BulkUserService.GroupField, BulkUserService.FeatureField,
        BulkUserService.ServerField, nameof(QuotaForm.Warn), nameof(QuotaForm.Soft), nameof(QuotaForm.Hard));

    private bool _all;
    private BulkActionKind? _kind;
    private GroupSummary? _group;
    private string? _feature;
    private string? _server;
    private QuotaForm _quota = new() { Override = true };
    private bool _moreGroups;
    private IReadOnlyList<string> _nodes = [];

    private BulkPreview? _preview;
    private BulkRun? _run;
    private readonly List<BulkItem> _results = [];
    private int _total;
    private bool _running;
    private CancellationTokenSource? _cancel;

    /// <summary>The selection the preview was made for: a changed selection needs a new preview.</summary>
    private string _previewedFor = "";

    private IEnumerable<BulkActionKind> Kinds => Enum.GetValues<BulkActionKind>().Where(k => k != BulkActionKind.SetHomeServer || CanSetHomeServer);

    private string KindLabel(BulkActionKind kind) => kind switch
    {
        BulkActionKind.Delete => L["Delete"],
        BulkActionKind.Activate => L["Activate"],
        BulkActionKind.Deactivate => L["Deactivate"],
        BulkActionKind.SetQuota => L["Set quota"],
        BulkActionKind.AddToGroup => L["Add to group"],
        BulkActionKind.RemoveFromGroup => L["Remove from group"],
        BulkActionKind.EnableFeature => L["Enable feature"],
        BulkActionKind.DisableFeature => L["Disable feature"],
        BulkActionKind.SetHomeServer => L["Set home server"],
        _ => kind.ToString(),
    };

    /// <summary>"1 user", "1,500 users" (German "1.500 Benutzer").</summary>
    private string Count(int users) => users == 1 ? L["1 user"] : L["{0} users", users.ToString("N0", CultureInfo.CurrentCulture)];

    private int SelectedCount => _all ? MatchCount : Selected.Count;

    private string SelectionText => !_all ? L["{0} selected on this page.", Count(Selected.Count)]
        : string.IsNullOrWhiteSpace(Search) ? L["All {0} of the list selected.", Count(MatchCount)]
        : L["All {0} matching the search selected.", Count(MatchCount)];

    private string SelectionKey => _all ? $"all:{Search}" : string.Join(",", Selected.Select(u => u.Key.Value).Order(StringComparer.Ordinal));

    private bool Complete => _kind switch
    {
        null => false,
        BulkActionKind.AddToGroup or BulkActionKind.RemoveFromGroup => _group is not null,
        BulkActionKind.EnableFeature or BulkActionKind.DisableFeature => _feature is not null,
        BulkActionKind.SetHomeServer => _server is not null,
        BulkActionKind.SetQuota => QuotaFields.Readable(_quota),
        _ => true,
    };

    private bool CanPreview => !_running && Complete && SelectedCount > 0;

    /// <summary>After a preview of this very selection and action that changes someone.</summary>
    private bool CanApply => !_running && _run is null && _preview is not null && _previewedFor == SelectionKey && _preview.Count(BulkOutcome.Change) > 0;

    private string ApplyText => _preview is { } preview && _run is null
        ? L["{0}: apply to {1}", KindLabel(_kind!.Value), Count(preview.Count(BulkOutcome.Change))]
        : L["Apply"];

    private string PreviewText => _preview is not { } preview ? "" :
        L["Nothing is written yet. {0} will change, {1} unchanged, {2} refused.", Count(preview.Count(BulkOutcome.Change)), preview.Count(BulkOutcome.Unchanged), preview.Count(BulkOutcome.Refused)];

    private double Percent => _total == 0 ? 0 : 100.0 * _results.Count / _total;

    private string ProgressText
    {
        get
        {
            string counts = L["{0} done, {1} unchanged, {2} failed", _results.Count(i => i.Outcome == BulkOutcome.Done),
                _results.Count(i => i.Outcome == BulkOutcome.Unchanged), _results.Count(i => i.Outcome == BulkOutcome.Failed)];
            if (_running)
                return L["{0} of {1}: {2}.", _results.Count, _total, counts];
            return _run is { Cancelled: true } ? L["Cancelled after {0} of {1}: {2}.", _results.Count, _total, counts] : L["Finished: {0}.", counts];
        }
    }

    protected override void OnParametersSet()
    {
        // A selection of the whole search is only meaningful for the search it was made for.
        if (_all && MatchCount == 0)
            _all = false;
    }

    private void SelectAll(bool all)
    {
        _all = all;
        Discard();
    }

    private async Task KindChanged(BulkActionKind? kind)
    {
        _kind = kind;
        Discard();
        if (kind == BulkActionKind.SetHomeServer && _nodes.Count == 0)
        {
            var nodes = await Servers.NodeNamesAsync(CancellationToken.None);
            _nodes = nodes.Value ?? [];
            _errors.Show(nodes.Error);
        }
    }

    /// <summary>One page of the tenant's groups whose name holds <paramref name="text"/>, found by the store.</summary>
    private async Task<IEnumerable<GroupSummary>> SuggestGroupsAsync(string? text, CancellationToken ct)
    {
        var page = Suggestions.FirstPage(text);
        var groups = await Groups.PageAsync(Tenant, page, ct);
        if (groups.Error is { } error)
            _errors.Show(error);
        var found = groups.Value?.Items ?? [];
        _moreGroups = found.Count > Suggestions.PageSize;
        return found.Take(Suggestions.PageSize);
    }

    private void GroupChanged(GroupSummary? group) => (_group, _) = (group, Discarded());

    private void FeatureChanged(string feature) => (_feature, _) = (feature, Discarded());

    private void ServerChanged(string server) => (_server, _) = (server, Discarded());

    private bool Discarded()
    {
        Discard();
        return true;
    }

    /// <summary>Any change to the selection or the action makes the preview and the last run stale.</summary>
    private void Discard()
    {
        _preview = null;
        _run = null;
        _results.Clear();
        _errors.Clear();
    }

    private BulkAction Action() => new(_kind!.Value,
        Quota: _kind == BulkActionKind.SetQuota ? _quota : null,
        Group: _group?.Key,
        Feature: _feature,
        Server: string.IsNullOrEmpty(_server) ? null : _server);

    private BulkSelection Selection() => _all ? BulkSelection.Matching(Search) : BulkSelection.Of(Selected.OrderBy(u => u.Name, StringComparer.OrdinalIgnoreCase).Select(u => u.Key));

    private async Task PreviewAsync()
    {
        if (!CanPreview)
            return;
        Discard();
        _running = true;
        try
        {
            var preview = await Bulk.PreviewAsync(Tenant, Selection(), Action(), CancellationToken.None);
            if (_errors.Show(preview.Error))
            {
                _preview = preview.Value;
                _previewedFor = SelectionKey;
            }
        }
        finally
        {
            _running = false;
        }
    }

    private async Task ApplyAsync()
    {
        if (!CanApply)
            return;
        // What was previewed is what is applied: its users, each judged again as they are now.
        var keys = _preview!.Items.Select(i => i.Key).ToList();
        _results.Clear();
        _total = keys.Count;
        _running = true;
        _cancel = new CancellationTokenSource();
        try
        {
            var run = await Bulk.ApplyAsync(Tenant, BulkSelection.Of(keys), Action(), ShowAsync, _cancel.Token);
            if (_errors.Show(run.Error))
            {
                _run = run.Value;
                var done = run.Value!.Count(BulkOutcome.Done);
                var failed = run.Value.Count(BulkOutcome.Failed);
                string message = (failed > 0, run.Value.Cancelled) switch
                {
                    (false, false) => L["{0}: {1} changed.", KindLabel(_kind!.Value), Count(done)],
                    (true, false) => L["{0}: {1} changed, {2} failed.", KindLabel(_kind!.Value), Count(done), failed],
                    (false, true) => L["{0}: {1} changed (cancelled).", KindLabel(_kind!.Value), Count(done)],
                    (true, true) => L["{0}: {1} changed, {2} failed (cancelled).", KindLabel(_kind!.Value), Count(done), failed],
                };
                Snackbar.Add(message, failed > 0 ? Severity.Warning : Severity.Success);
            }
        }
        finally
        {
            _running = false;
            _cancel.Dispose();
            _cancel = null;
        }
        await Applied.InvokeAsync();
    }

    /// <summary>Each user as they are done: the bar and the list below it move on (about a hundred steps for a long run).</summary>
    private Task ShowAsync(BulkItem item)
    {
        _results.Add(item);
        if (_results.Count % Math.Max(1, _total / 100) == 0)
            StateHasChanged();
        return Task.CompletedTask;
    }

    private void Cancel() => _cancel?.Cancel();

    public void Dispose() => _cancel?.Cancel();
}
