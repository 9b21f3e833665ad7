using FluentValidation;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Security;
using KopanoPortal.Core.Services;
using KopanoPortal.Core.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KopanoPortal.Core.Servers;

/// <summary>
/// Multi-server nodes and home servers (KC admin manual chapters 6.3 and 6.8; docs/kopano.md, "Multi-server"): system admins only.
/// With <c>user_plugin = db</c> everything is read-only, because KC's DB plugin refuses multi-server.
/// </summary>
public sealed partial class ServerNodeService(
    PortalContext context,
    IUserDirectory userDirectory,
    IValidator<ServerNodeForm> validator,
    IOptions<KopanoOptions> kopano,
    ServerReachability reachability,
    ILogger<ServerNodeService> log,
    ITenantDefaultServers defaults,
    IServerNodes? nodes = null,
    IMembershipCheck? membership = null)
{
    /// <summary>Shown when a user's home server changes (KC admin manual 6.3.1: a mailbox lives on exactly one node).</summary>
    public const string MailboxNotMovedWarning =
        "KC does not move mailboxes between nodes: the store stays on the old server, and the user gets a new, empty store on the new one.";

    public const string DbPluginReason = "read-only: KC's DB plugin refuses multi-server (enable_distributed_kopano needs user_plugin = ldap).";

    public const string NodesNotConfiguredReason = "read-only: the LDAP server-node store is not configured.";

    /// <summary>Why nothing can be changed here, or null when nodes can be managed (English: pages compare it).</summary>
    public string? ReadOnlyReason =>
        kopano.Value.UserPlugin.Equals("db", StringComparison.OrdinalIgnoreCase) ? DbPluginReason
        : nodes is null ? NodesNotConfiguredReason : null;

    /// <summary><see cref="ReadOnlyReason"/> in the page's language.</summary>
    public string? ReadOnlyReasonText => ReadOnlyReason switch
    {
        DbPluginReason => Text.T(ServerNodeService.DbPluginReason),
        NodesNotConfiguredReason => Text.T(ServerNodeService.NodesNotConfiguredReason),
        var other => other,
    };

    /// <summary><see cref="MailboxNotMovedWarning"/> in the page's language.</summary>
    public static string MailboxNotMovedText => Text.T(ServerNodeService.MailboxNotMovedWarning);

    public bool IsReadOnly => ReadOnlyReason is not null;

    public KcServerAttributes Attributes => nodes?.Attributes ?? KcServerAttributes.OpenLdap;

    /// <summary>
    /// Whether the caller may see and set nodes and home servers (a system admin, with a node store): for pages that
    /// show those parts only to them. Asking is no refusal, so nothing is logged.
    /// </summary>
    public async Task<bool> CanManageAsync(CancellationToken ct) => Store is not null && IsSystemAdmin(await context.ActorAsync(ct));

    /// <summary>The known nodes' names, sorted, for choosing one: one search, without the usage counts of <see cref="PageAsync"/>.</summary>
    public async Task<Result<IReadOnlyList<string>>> NodeNamesAsync(CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (!IsSystemAdmin(actor))
            return context.Deny(actor, "list servers", "servers");
        IReadOnlyList<string> names = Store is { } store ? (await store.ListAsync(ct)).Select(n => n.Name).ToList() : [];
        return Result<IReadOnlyList<string>>.From(names);
    }

    public Task<Result<Page<ServerNodeSummary>>> PageAsync(PageRequest page, CancellationToken ct) =>
        PageAsync(page, ServerNodeSort.Name, ct);

    /// <summary>One page of the nodes, sorted by <paramref name="sort"/> (<see cref="ServerNodeOrder"/>) by the node store.</summary>
    public async Task<Result<Page<ServerNodeSummary>>> PageAsync(PageRequest page, ServerNodeSort sort, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (!IsSystemAdmin(actor))
            return context.Deny(actor, "list servers", "servers");
        if (page.CheckSearch() is { } invalid)
            return invalid;
        if (Store is not { } store)
            return Page<ServerNodeSummary>.Empty;
        return await store.PageAsync(page.Normalized(), Enum.IsDefined(sort) ? sort : ServerNodeSort.Name, ct);
    }

    public async Task<Result<ServerNodeDetails>> GetAsync(string name, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (!IsSystemAdmin(actor))
            return context.Hide(actor, "open server", name, "The server");
        if (Store is not { } store || await store.GetAsync(name, ct) is not { } node)
            return new NotFound("The server");
        var usage = await store.GetUsageAsync(node.Name, ct);
        return new ServerNodeDetails(node, usage, Logins(usage));
    }

    public async Task<Result> CreateAsync(ServerNodeForm form, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (!IsSystemAdmin(actor))
            return context.Deny(actor, "create server", form.Name);
        if (Writable is { } refused)
            return refused;
        if (await validator.CheckAsync(form, ct) is { } invalid)
            return invalid;
        var node = form.ToNode();
        var all = await nodes!.ListAsync(ct);
        if (all.Any(n => n.SameName(node.Name)))
            return new NameTaken(nameof(ServerNodeForm.Name), node.Name);
        if (PublicStoreConflict(node, all, renamedFrom: null) is { } conflict)
            return conflict;

        var audit = context.Audit(actor, null, null, "server.create", node.Name, null, node);
        var created = await nodes.CreateAsync(node, audit, ct);
        if (created.Succeeded)
            LogServerCreated(log, node.Name, actor.Login);
        return created;
    }

    public async Task<Result> UpdateAsync(string name, ServerNodeForm form, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (!IsSystemAdmin(actor))
            return context.Deny(actor, "change server", name);
        if (Writable is { } refused)
            return refused;
        if (await validator.CheckAsync(form, ct) is { } invalid)
            return invalid;
        var node = form.ToNode();
        var all = await nodes!.ListAsync(ct);
        var before = all.FirstOrDefault(n => n.SameName(name));
        if (before is null)
            return new NotFound("The server");
        if (!node.Name.Equals(before.Name, StringComparison.Ordinal))
        {
            if (all.Any(n => !ReferenceEquals(n, before) && n.SameName(node.Name)))
                return new NameTaken(nameof(ServerNodeForm.Name), node.Name);
            // Users and tenants name the node by cn: renaming it would strand them (KC compares with strcasecmp, so a
            // change of case alone is harmless).
            if (!node.SameName(before.Name) && await InUseAsync(before.Name, ct) is { } inUse)
                return inUse;
        }
        if (PublicStoreConflict(node, all, renamedFrom: before.Name) is { } conflict)
            return conflict;

        var audit = context.Audit(actor, null, null, "server.update", before.Name, before, node);
        if (node == before)
            return Result.NothingChanged;
        return await nodes.UpdateAsync(before.Name, node, audit, ct);
    }

    public async Task<Result> DeleteAsync(string name, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (!IsSystemAdmin(actor))
            return context.Deny(actor, "delete server", name);
        if (Writable is { } refused)
            return refused;
        var node = await nodes!.GetAsync(name, ct);
        if (node is null)
            return new NotFound("The server");
        if (await InUseAsync(node.Name, ct) is { } inUse)
            return inUse;

        var audit = context.Audit(actor, null, null, "server.delete", node.Name, node, null);
        var deleted = await nodes.DeleteAsync(node.Name, audit, ct);
        if (deleted.Succeeded)
            LogServerDeleted(log, node.Name, actor.Login);
        return deleted;
    }

    public async Task<Result<HomeServerAssignment>> GetUserServerAsync(ObjectKey user, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (!IsSystemAdmin(actor))
            return context.Hide(actor, "read home server", user.Value, "The user");
        if (Store is not { } store || await store.GetUserServerAsync(user, ct) is not { } assignment)
            return new NotFound("The user");
        return assignment;
    }

    /// <summary>The home servers of a page of users (a list's column), read in one lookup.</summary>
    public async Task<Result<IReadOnlyDictionary<ObjectKey, string?>>> GetUserServersAsync(IReadOnlyCollection<ObjectKey> users, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (!IsSystemAdmin(actor))
            return context.Deny(actor, "read home servers", "users");
        return Result<IReadOnlyDictionary<ObjectKey, string?>>.From(
            Store is { } store && users.Count > 0 ? await store.GetUserServersAsync(users, ct) : new Dictionary<ObjectKey, string?>());
    }

    /// <summary>Homes the user on <paramref name="server"/> (a known node), or with null clears it. See <see cref="MailboxNotMovedWarning"/>.</summary>
    public async Task<Result> SetUserServerAsync(ObjectKey user, string? server, CancellationToken ct)
    {
        var target = await HomingTargetAsync(server, user.Value, ct);
        return target.Succeeded ? await HomeUserAsync(target.Value.Actor, user, target.Value.Server, ct) : target.Error!;
    }

    /// <summary>The same server for every user of a selection; stops at the first failure and says how many were done.</summary>
    public async Task<Result<int>> SetUserServersAsync(IReadOnlyList<ObjectKey> users, string? server, CancellationToken ct)
    {
        var target = await HomingTargetAsync(server, "users", ct);
        if (!target.Succeeded)
            return target.Error!;
        var done = 0;
        foreach (var user in users)
        {
            var result = await HomeUserAsync(target.Value.Actor, user, target.Value.Server, ct);
            if (!result.Succeeded)
                return done == 0 ? result.Error! : new StoreFailure(Text.T("{0} of {1} users were changed, then: {2}", done, users.Count, result.Error!.Message));
            done++;
        }
        return done;
    }

    /// <summary>Who may home users, and on which known node (null: none); checked once however many users follow.</summary>
    private async Task<Result<(Actor Actor, string? Server)>> HomingTargetAsync(string? server, string target, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (!IsSystemAdmin(actor))
            return context.Deny(actor, "set home server", target);
        if (Writable is { } refused)
            return refused;
        var known = await KnownServerAsync(server, ct);
        return known.Succeeded ? (actor, known.Value) : known.Error!;
    }

    private async Task<Result> HomeUserAsync(Actor actor, ObjectKey user, string? server, CancellationToken ct)
    {
        var details = await userDirectory.GetUserAsync(user, ct);
        var current = await nodes!.GetUserServerAsync(user, ct);
        if (details is null || current is null)
            return new NotFound("The user");
        var login = context.LoginFormat.Render(details.User.Name, details.TenantName);
        var audit = context.Audit(actor, details.User.Tenant, details.TenantName, "user.home-server", login,
            new { Server = current.Server }, new { Server = server });
        return await nodes.SetUserServerAsync(user, server, audit, ct);
    }

    /// <summary>Shown when a user's archive is on their own home server (KC admin manual 6.6 archives to another node).</summary>
    public const string ArchiveOnHomeServerWarning =
        "An archive on the user's own home server gives no relief to that server: archive servers are meant to be other nodes.";

    public async Task<Result<ArchiveAssignment>> GetUserArchiveAsync(ObjectKey user, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (!IsSystemAdmin(actor))
            return context.Hide(actor, "read archive servers", user.Value, "The user");
        if (Store is not { } store || await store.GetUserArchiveAsync(user, ct) is not { } archive)
            return new NotFound("The user");
        return archive;
    }

    /// <summary>
    /// Sets the user's archive servers, each a known node (stored by its canonical name, once); the couplings stay as
    /// they are. The result lists warnings (an archive server that is the user's home server).
    /// </summary>
    public async Task<Result<IReadOnlyList<string>>> SetUserArchiveServersAsync(ObjectKey user, IReadOnlyList<string> servers, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (!IsSystemAdmin(actor))
            return context.Deny(actor, "set archive servers", user.Value);
        if (Writable is { } refused)
            return refused;
        var chosen = new List<string>();
        foreach (var server in servers.Where(s => !string.IsNullOrWhiteSpace(s)))
        {
            var known = await KnownServerAsync(server, ct);
            if (!known.Succeeded)
                return known.Error!;
            if (!chosen.Contains(known.Value!, StringComparer.OrdinalIgnoreCase))
                chosen.Add(known.Value!);
        }
        var current = await nodes!.GetUserArchiveAsync(user, ct);
        var details = await userDirectory.GetUserAsync(user, ct);
        if (current is null || details is null)
            return new NotFound("The user");
        var login = context.LoginFormat.Render(details.User.Name, details.TenantName);
        var audit = context.Audit(actor, details.User.Tenant, details.TenantName, "user.archive-servers", login,
            new { Servers = current.Servers }, new { Servers = chosen });
        var written = await nodes.SetUserArchiveServersAsync(user, chosen, audit, ct);
        if (!written.Succeeded)
            return written.Error!;
        IReadOnlyList<string> warnings = chosen.Any(s => s.Equals(current.HomeServer, StringComparison.OrdinalIgnoreCase)) ? [Text.T(ArchiveOnHomeServerWarning)] : [];
        return Result<IReadOnlyList<string>>.From(warnings);
    }

    public async Task<Result<HomeServerAssignment>> GetTenantServerAsync(ObjectKey tenant, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (!IsSystemAdmin(actor))
            return context.Hide(actor, "read public-store server", tenant.Value, "The tenant");
        if (Store is not { } store || await store.GetTenantServerAsync(tenant, ct) is not { } assignment)
            return new NotFound("The tenant");
        return assignment;
    }

    /// <summary>Puts the tenant's public store on <paramref name="server"/> (a known node), or with null clears it.</summary>
    public async Task<Result> SetTenantServerAsync(ObjectKey tenant, string? server, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (!IsSystemAdmin(actor))
            return context.Deny(actor, "set public-store server", tenant.Value);
        if (Writable is { } refused)
            return refused;
        var current = await nodes!.GetTenantServerAsync(tenant, ct);
        if (current is null)
            return new NotFound("The tenant");
        var target = await KnownServerAsync(server, ct);
        if (!target.Succeeded)
            return target.Error!;

        var audit = context.Audit(actor, tenant, current.Name, "tenant.public-store-server", current.Name,
            new { Server = current.Server }, new { Server = target.Value });
        return await nodes.SetTenantServerAsync(tenant, target.Value, audit, ct);
    }

    /// <summary>The home server the tenant's new users get (the portal's setting: KC has none).</summary>
    public async Task<Result<HomeServerAssignment>> GetTenantDefaultServerAsync(ObjectKey tenant, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (!IsSystemAdmin(actor))
            return context.Hide(actor, "read default home server", tenant.Value, "The tenant");
        if (Store is not { } store || await store.GetTenantServerAsync(tenant, ct) is not { } details)
            return new NotFound("The tenant");
        return new HomeServerAssignment(tenant, details.Name, await defaults.GetAsync(tenant, ct));
    }

    /// <summary>Sends the tenant's new users to <paramref name="server"/> (a known node), or with null to none.</summary>
    public async Task<Result> SetTenantDefaultServerAsync(ObjectKey tenant, string? server, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (!IsSystemAdmin(actor))
            return context.Deny(actor, "set default home server", tenant.Value);
        if (Writable is { } refused)
            return refused;
        if (await nodes!.GetTenantServerAsync(tenant, ct) is not { } details)
            return new NotFound("The tenant");
        var target = await KnownServerAsync(server, ct);
        if (!target.Succeeded)
            return target.Error!;
        var audit = context.Audit(actor, tenant, details.Name, "tenant.default-home-server", details.Name,
            new { Server = await defaults.GetAsync(tenant, ct) }, new { Server = target.Value });
        await defaults.SetAsync(tenant, target.Value, audit, ct);
        return Result.Ok;
    }

    /// <summary>What KC answers when the client of <paramref name="question"/> opens the user's own store.</summary>
    public async Task<Result<RedirectAnswer>> PreviewUserStoreAsync(ObjectKey user, RedirectQuestion question, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (!IsSystemAdmin(actor))
            return context.Hide(actor, "preview redirect", user.Value, "The user");
        if (Store is not { } store || await store.GetUserServerAsync(user, ct) is not { } home)
            return new NotFound("The user");
        var details = await userDirectory.GetUserAsync(user, ct);
        var login = details is null ? home.Name : context.LoginFormat.Render(details.User.Name, details.TenantName);
        return RedirectPreview.ForUserStore(login, home.Server, question, await store.ListAsync(ct));
    }

    /// <summary>
    /// The public store: hosted, the tenant's (<paramref name="tenant"/> required); otherwise the one node with
    /// kopanoContainsPublic (<paramref name="tenant"/> ignored).
    /// </summary>
    public async Task<Result<RedirectAnswer>> PreviewPublicStoreAsync(ObjectKey? tenant, RedirectQuestion question, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (!IsSystemAdmin(actor))
            return context.Hide(actor, "preview redirect", tenant?.Value ?? "public store", "The tenant");
        if (Store is not { } store)
            return new ServerNodesReadOnly(ReadOnlyReasonText!);
        var all = await store.ListAsync(ct);
        if (!context.Policy.Hosted)
            return RedirectPreview.ForPublicStore(question, all);
        if (tenant is null || await store.GetTenantServerAsync(tenant.Value, ct) is not { } company)
            return new NotFound("The tenant");
        return RedirectPreview.ForTenantPublicStore(company.Name, company.Server, question, all);
    }

    /// <summary>The server.cfg, ldap.cfg and Apache text for the current nodes; nothing is written anywhere.</summary>
    public async Task<Result<KcConfiguration>> ConfigurationAsync(ProxySetup setup, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (!IsSystemAdmin(actor))
            return context.Deny(actor, "show server configuration", "servers");
        var all = Store is { } store ? await store.ListAsync(ct) : [];
        return KcConfigGenerator.Generate(all, Attributes, setup, membership?.Form);
    }

    /// <summary>TCP connect and TLS handshake from the portal's host; never throws, cancellation ends it early.</summary>
    public async Task<Result<ReachabilityReport>> CheckReachabilityAsync(string name, TimeSpan? timeout, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (!IsSystemAdmin(actor))
            return context.Hide(actor, "check server", name, "The server");
        if (Store is not { } store || await store.GetAsync(name, ct) is not { } node)
            return new NotFound("The server");
        return await reachability.CheckAsync(node, timeout, ct);
    }

    private IServerNodes? Store => kopano.Value.UserPlugin.Equals("db", StringComparison.OrdinalIgnoreCase) ? null : nodes;

    private OperationError? Writable => ReadOnlyReasonText is { } reason ? new ServerNodesReadOnly(reason) : null;

    /// <summary>Nodes serve every tenant: only system admins see or touch them (KC: level 2 is admin over everything).</summary>
    private static bool IsSystemAdmin([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] Actor? actor) =>
        actor is { Level: AdminLevel.SystemAdmin };

    /// <summary>The canonical name of a known node, or null for "none"; an unknown name is an error on field "Server".</summary>
    private async Task<Result<string?>> KnownServerAsync(string? server, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(server))
            return Result<string?>.From(null);
        var node = await nodes!.GetAsync(server.Trim(), ct);
        return node is null
            ? new InvalidInput("Server", Text.T("There is no server named '{0}'.", server.Trim()))
            : Result<string?>.From(node.Name);
    }

    private async Task<ServerNodeInUse?> InUseAsync(string name, CancellationToken ct)
    {
        var usage = await nodes!.GetUsageAsync(name, ct);
        var tenants = usage.Tenants.Select(t => t.Name).ToList();
        foreach (var tenant in await defaults.TenantsUsingAsync(name, ct))
        {
            if (await nodes!.GetTenantServerAsync(tenant, ct) is { } details)
                tenants.Add(Text.T("{0} (default for new users)", details.Name));
        }
        return usage.InUse || tenants.Count > 0 ? new ServerNodeInUse(name, Logins(usage), tenants) : null;
    }

    private List<string> Logins(ServerNodeUsage usage) =>
        usage.Users.Select(u => context.LoginFormat.Render(u.Name, u.TenantName)).ToList();

    /// <summary>
    /// Not hosted, KC takes the public store from the one node with kopanoContainsPublic = 1 and fails with two
    /// (getPublicStoreDetails: toomanyobjects); KC admin manual 6.3.2 step 5. Hosted, each tenant names its own server.
    /// </summary>
    private InvalidInput? PublicStoreConflict(ServerNode node, IReadOnlyList<ServerNode> all, string? renamedFrom)
    {
        if (context.Policy.Hosted || !node.ContainsPublic)
            return null;
        var holder = all.FirstOrDefault(n => n.ContainsPublic && !n.SameName(renamedFrom ?? node.Name));
        return holder is null
            ? null
            : new InvalidInput(nameof(ServerNodeForm.ContainsPublic),
                Text.T("Server '{0}' already holds the public store: KC allows exactly one node with kopanoContainsPublic.", holder.Name));
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Server node {Server} created by {Actor}")]
    private static partial void LogServerCreated(ILogger logger, string server, string actor);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Information, Message = "Server node {Server} deleted by {Actor}")]
    private static partial void LogServerDeleted(ILogger logger, string server, string actor);
}
