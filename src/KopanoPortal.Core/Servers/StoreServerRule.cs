using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using Microsoft.Extensions.Options;

namespace KopanoPortal.Core.Servers;

/// <summary>
/// Which node a new user's store, and hosted a new tenant's public store, lives on. With
/// <c>enable_distributed_kopano</c> KC opens a store only on the node its home-server attribute names; without one
/// there is no store at all (docs/kopano.md, "Multi-server"). So the node goes into the object's first write, and
/// with no node to name the object is not created.
/// </summary>
public sealed class StoreServerRule(IOptions<KopanoOptions> kopano, ITenantDefaultServers defaults, IServerNodes? nodes = null)
{
    public const string NoServerYet =
        "There is no server yet: with multi-server on, every mailbox lives on a server. Add one on the Servers page first.";

    /// <summary>Whether new objects must name a node (the forms then offer the choice).</summary>
    public bool Required => kopano.Value.EnableDistributedKopano && nodes is not null;

    /// <summary>
    /// The new user's home server: <paramref name="chosen"/> when given, else the tenant's default, else the only node.
    /// Without multi-server the tenant's default is still written (harmless to KC, ready when it is switched on).
    /// </summary>
    /// <param name="canChoose">Whether the caller may pick a node (a system admin); the messages then say so.</param>
    public async Task<Result<string?>> ForNewUserAsync(ObjectKey? tenant, string? chosen, bool canChoose, CancellationToken ct)
    {
        var preset = tenant is { } key ? await defaults.GetAsync(key, ct) : null;
        if (!Required)
            return Result<string?>.From(string.IsNullOrWhiteSpace(chosen) ? preset : chosen.Trim());
        var known = await nodes!.ListAsync(ct);
        const string field = nameof(UserForm.HomeServer);
        if (!string.IsNullOrWhiteSpace(chosen))
            return Known(known, chosen.Trim(), field, Text.T("There is no server named '{0}'.", chosen.Trim()));
        if (preset is not null)
            return Known(known, preset, field, Text.T("The tenant's default home server '{0}' no longer exists: choose another one.", preset));
        return known.Count == 0 && !canChoose
            ? new InvalidInput(field, Text.T("There is no server yet: with multi-server on, every mailbox lives on a server. Ask a system admin to add one."))
            : Only(known, field, canChoose
                ? Text.T("Choose a home server: there are several and the tenant has no default.")
                : Text.T("This tenant has no default home server and there are several servers: ask a system admin to set the default."));
    }

    /// <summary>Hosted with multi-server: the node of the new tenant's public store, <paramref name="chosen"/> or the only one.</summary>
    public async Task<Result<string?>> ForNewTenantAsync(string? chosen, CancellationToken ct)
    {
        if (!Required || !kopano.Value.EnableHostedKopano)
            return Result<string?>.From(null);
        var known = await nodes!.ListAsync(ct);
        const string field = nameof(TenantForm.PublicStoreServer);
        return string.IsNullOrWhiteSpace(chosen)
            ? Only(known, field, Text.T("Choose the server for the tenant's public store: there are several."))
            : Known(known, chosen.Trim(), field, Text.T("There is no server named '{0}'.", chosen.Trim()));
    }

    private static Result<string?> Known(IReadOnlyList<ServerNode> known, string name, string field, string missing) =>
        known.FirstOrDefault(n => n.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } node
            ? Result<string?>.From(node.Name)
            : new InvalidInput(field, missing);

    private static Result<string?> Only(IReadOnlyList<ServerNode> known, string field, string several) => known.Count switch
    {
        0 => new InvalidInput(field, Text.T(NoServerYet)),
        1 => Result<string?>.From(known[0].Name),
        _ => new InvalidInput(field, several),
    };
}

/// <summary>
/// New users' home servers decided once per node named (and once for users naming none) across one batch of creates:
/// the tenant's default and the list of nodes are read once for the batch, not once per user.
/// </summary>
public sealed class HomeServerDecisions
{
    private readonly Dictionary<string, Result<string?>> _made = new(StringComparer.Ordinal);

    /// <param name="decide">The rule's decision for a choice (<see cref="StoreServerRule.ForNewUserAsync"/>), asked once per distinct choice.</param>
    public async Task<Result<string?>> DecideAsync(string? chosen, Func<string?, Task<Result<string?>>> decide)
    {
        var key = string.IsNullOrWhiteSpace(chosen) ? "" : chosen;
        if (!_made.TryGetValue(key, out var made))
            _made[key] = made = await decide(chosen);
        return made;
    }
}
