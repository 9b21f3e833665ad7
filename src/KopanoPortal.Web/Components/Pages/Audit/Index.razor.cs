using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Services;
using KopanoPortal.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace KopanoPortal.Web.Components.Pages.Audit;

/// <summary>
/// The audit trail with filters evaluated by the store, times in the viewer's browser time zone (named; UTC until the
/// browser says otherwise) and each change in words; the stored details only behind a row's expander.
/// </summary>
public partial class Index
{
    public const string AnyAction = "";

    /// <summary>
    /// What the time filters take: the browser's datetime-local value (always ISO, whatever the language), and a time
    /// as this page shows it in either language (Dates.Second), so a shown time can be typed or pasted back.
    /// </summary>
    private static readonly string[] LocalFormats =
    [
        "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss",
        "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss",
        "d.M.yyyy H:mm", "d.M.yyyy H:mm:ss",
    ];

    // Razor HTML-encodes the text it renders: the relaxed encoder only keeps accents readable.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Inject]
    private AuditService Audit { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    private MudDataGrid<AuditRecord>? _grid;
    private OperationError? _error;
    private string? _actor;
    private string? _tenant;
    private string? _object;
    private string _action = AnyAction;
    private string? _from;
    private string? _to;
    private TimeZoneInfo _zone = TimeZoneInfo.Utc;
    private string _zoneName = "UTC";
    private bool _zoneFromBrowser;

    private string WhenTitle => L["When ({0})", _zoneName];

    /// <summary>The filters as the store takes them; the times typed are in the viewer's zone, "to" includes its minute.</summary>
    private AuditFilter Filter => new AuditFilter(_actor, _tenant, _object, _action, Instant(_from), Instant(_to)?.AddMinutes(1)).Normalized();

    /// <summary>The export of what the filters select; the endpoint authorizes through the same service.</summary>
    private string ExportUrl
    {
        get
        {
            var filter = Filter;
            var query = new List<string>();
            void Add(string name, string? value)
            {
                if (!string.IsNullOrEmpty(value))
                    query.Add($"{name}={Uri.EscapeDataString(value)}");
            }
            Add("actor", filter.Actor);
            Add("tenant", filter.Tenant);
            Add("object", filter.Object);
            Add("action", filter.Action);
            Add("from", filter.From?.ToString("O", CultureInfo.InvariantCulture));
            Add("to", filter.To?.ToString("O", CultureInfo.InvariantCulture));
            Add("tz", _zoneFromBrowser ? _zoneName : null);
            return "/audit/export" + (query.Count == 0 ? "" : "?" + string.Join("&", query));
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
            return;
        if (await BrowserTimeZoneAsync() is { } id && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
        {
            (_zone, _zoneName, _zoneFromBrowser) = (zone, id, true);
            StateHasChanged();
        }
    }

    /// <summary>The browser's IANA zone (Intl.DateTimeFormat().resolvedOptions().timeZone); null when it cannot say.</summary>
    private async Task<string?> BrowserTimeZoneAsync()
    {
        try
        {
            await using var format = await JS.InvokeAsync<IJSObjectReference?>("Intl.DateTimeFormat");
            if (format is null)
                return null;
            var options = await format.InvokeAsync<ResolvedOptions?>("resolvedOptions");
            return string.IsNullOrWhiteSpace(options?.TimeZone) ? null : options.TimeZone;
        }
        catch (Exception e) when (e is JSException or JSDisconnectedException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>The part of resolvedOptions() the page reads.</summary>
    public sealed record ResolvedOptions(string? TimeZone);

    private string ShowTime(DateTimeOffset at) => Dates.Second(TimeZoneInfo.ConvertTime(at, _zone).DateTime);

    private DateTimeOffset? Instant(string? local)
    {
        if (!DateTime.TryParseExact(local?.Trim(), LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            return null;
        return new DateTimeOffset(time, _zone.GetUtcOffset(time));
    }

    private async Task<GridData<AuditRecord>> LoadAsync(GridState<AuditRecord> state, CancellationToken ct)
    {
        var (sort, descending) = SortOf(state.SortDefinitions.FirstOrDefault());
        var result = await Audit.PageAsync(GridPaging.ToRequest(state, null) with { Descending = descending }, Filter, sort, ct);
        // The grid loads during its own render: the alert above it needs this component to render again.
        if (!Equals(_error, result.Error))
        {
            _error = result.Error;
            StateHasChanged();
        }
        return GridPaging.ToGridData(result);
    }

    /// <summary>
    /// The store's sort for the grid's sorted column, known by the property it shows (the time column shows none), and
    /// the store's direction. Unsorted, the store's default: newest first. The time sort's Descending asks the store for
    /// the oldest first, so a click on "When" sorts oldest first and the next one newest first, as any column's first
    /// click sorts ascending (A to Z).
    /// </summary>
    internal static (AuditSort Sort, bool Descending) SortOf(SortDefinition<AuditRecord>? sorted) => sorted switch
    {
        null => (AuditSort.Time, false),
        { SortBy: nameof(AuditRecord.Actor) } => (AuditSort.Actor, sorted.Descending),
        { SortBy: nameof(AuditRecord.TenantName) } => (AuditSort.Tenant, sorted.Descending),
        { SortBy: nameof(AuditRecord.Action) } => (AuditSort.Action, sorted.Descending),
        { SortBy: nameof(AuditRecord.Target) } => (AuditSort.Object, sorted.Descending),
        _ => (AuditSort.Time, !sorted.Descending),
    };

    private async Task FilterAsync(Action set)
    {
        set();
        await GridPaging.RestartAsync(_grid);
    }

    /// <summary>The recorded JSON, indented; shown as recorded when it does not parse.</summary>
    private static string Pretty(string? json)
    {
        if (string.IsNullOrEmpty(json))
            return "—";
        try
        {
            using var document = JsonDocument.Parse(json);
            return JsonSerializer.Serialize(document.RootElement, Indented);
        }
        catch (JsonException)
        {
            return json;
        }
    }
}
