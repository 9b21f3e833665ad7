using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Security;
using KopanoPortal.Core.Services;
using KopanoPortal.Core.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KopanoPortal.Core.Servers.Certificates;

/// <summary>A certificate as the pages show it: never its key.</summary>
public sealed record CertificateInfo(
    long Id, CertificateKind Kind, string? Node, string Name, string Serial,
    DateTimeOffset NotBefore, DateTimeOffset NotAfter, DateTimeOffset Created, DateTimeOffset? Retired)
{
    public static CertificateInfo Of(StoredCertificate c) =>
        new(c.Id, c.Kind, c.Node, c.Name, c.Serial, c.NotBefore, c.NotAfter, c.Created, c.Retired);
}

/// <summary>A node with its current server certificate and what is wrong with it (empty: nothing).</summary>
public sealed record NodeCertificateStatus(ServerNode Node, CertificateInfo? Certificate, IReadOnlyList<string> Warnings);

public sealed record CertificateOverview(
    CertificateInfo? Authority,
    IReadOnlyList<NodeCertificateStatus> Nodes,
    IReadOnlyList<CertificateInfo> Clients);

/// <summary>The per-node archive, made on request and handed out once.</summary>
public sealed record CertificateBundle(string FileName, byte[] Content);

public sealed class AuthorityForm
{
    public string CommonName { get; set; } = "Kopano installation CA";

    public int LifetimeDays { get; set; } = 3650;
}

/// <summary>
/// SSL between the nodes (KC admin manual 6.3.4): the installation's CA, a server certificate per node, client certificates for
/// Kopano's programs, the per-node download and the TLS check. System admins only; every use of a private key (signing,
/// downloading) is in the audit log, and no key is ever shown.
/// </summary>
public sealed partial class NodeCertificateService(
    PortalContext context,
    INodeCertificateStore store,
    IKeyProtector protector,
    IAuditJournal journal,
    NodeTlsCheck tls,
    IOptions<KopanoOptions> kopano,
    TimeProvider clock,
    ILogger<NodeCertificateService> log,
    IServerNodes? nodes = null)
{
    public const int MaxLifetimeDays = 3650;

    public async Task<Result<CertificateOverview>> OverviewAsync(CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (!IsSystemAdmin(actor))
            return context.Deny(actor, "list certificates", "certificates");
        var all = await store.ListAsync(ct);
        var authority = CurrentAuthority(all);
        using var authorityCertificate = authority is null ? null : X509Certificate2.CreateFromPem(authority.CertificatePem);
        var now = clock.GetUtcNow();
        var rows = new List<NodeCertificateStatus>();
        foreach (var node in Store is { } servers ? await servers.ListAsync(ct) : [])
        {
            var current = CurrentServer(all, node.Name);
            rows.Add(new NodeCertificateStatus(node, current is null ? null : CertificateInfo.Of(current),
                Warnings(node, current, authorityCertificate, now)));
        }
        return new CertificateOverview(
            authority is null ? null : CertificateInfo.Of(authority),
            rows,
            all.Where(c => c.Kind == CertificateKind.Client && c.Active).Select(CertificateInfo.Of).ToList());
    }

    public async Task<Result> CreateAuthorityAsync(AuthorityForm form, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (!IsSystemAdmin(actor))
            return context.Deny(actor, "create certificate authority", "certificates");
        var name = form.CommonName?.Trim() ?? "";
        if (name.Length == 0 || TextRules.HasControlCharacter(name) || name.Length > 64)
            return new InvalidInput(nameof(AuthorityForm.CommonName), "Give the authority a name of 1 to 64 characters, without control characters.");
        if (Lifetime(form.LifetimeDays, nameof(AuthorityForm.LifetimeDays)) is { } invalid)
            return invalid;
        var all = await store.ListAsync(ct);
        if (CurrentAuthority(all) is not null)
            return new InvalidInput(nameof(AuthorityForm.CommonName), "The installation already has a certificate authority.");
        var now = clock.GetUtcNow();
        var issued = NodeCertificates.CreateAuthority(name, now, TimeSpan.FromDays(form.LifetimeDays));
        return await AddAsync(actor, CertificateKind.Authority, null, name, issued, [], "certificate.authority.create", now, ct);
    }

    /// <summary>The provider's own CA: its certificate and key, so that the portal can sign with it.</summary>
    public async Task<Result> ImportAuthorityAsync(string certificatePem, string privateKeyPem, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (!IsSystemAdmin(actor))
            return context.Deny(actor, "import certificate authority", "certificates");
        if (NodeCertificates.CheckAuthority(certificatePem ?? "", privateKeyPem ?? "") is { } problem)
            return new InvalidInput("Certificate", problem);
        var all = await store.ListAsync(ct);
        if (CurrentAuthority(all) is not null)
            return new InvalidInput("Certificate", "The installation already has a certificate authority.");
        using var imported = NodeCertificates.Load(certificatePem!, privateKeyPem!);
        using var key = imported.GetRSAPrivateKey() as AsymmetricAlgorithm ?? imported.GetECDsaPrivateKey();
        if (key is null)
            return new InvalidInput("Certificate", "Only RSA and ECDSA keys can be imported.");
        var issued = new IssuedCertificate(imported.ExportCertificatePem() + "\n", key.ExportPkcs8PrivateKeyPem() + "\n", imported.SerialNumber,
            new DateTimeOffset(imported.NotBefore.ToUniversalTime(), TimeSpan.Zero), new DateTimeOffset(imported.NotAfter.ToUniversalTime(), TimeSpan.Zero));
        var now = clock.GetUtcNow();
        return await AddAsync(actor, CertificateKind.Authority, null, imported.GetNameInfo(X509NameType.SimpleName, false), issued, [],
            "certificate.authority.import", now, ct);
    }

    /// <summary>A new server certificate for the node, for its current address; it replaces (retires) the node's previous one.</summary>
    public async Task<Result> IssueServerAsync(string server, int lifetimeDays, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (!IsSystemAdmin(actor))
            return context.Deny(actor, "issue server certificate", server);
        if (Lifetime(lifetimeDays, "LifetimeDays") is { } invalid)
            return invalid;
        if (Store is not { } servers || await servers.GetAsync(server, ct) is not { } node)
            return new NotFound("The server");
        if (node.Address.Length == 0)
            return new InvalidInput("Server", $"Server '{node.Name}' has no address: KC cannot form its https:// path, so there is no name to certify.");
        var all = await store.ListAsync(ct);
        if (Signer(all) is not { } signer)
            return new InvalidInput("Server", "Create or import the certificate authority first.");
        var now = clock.GetUtcNow();
        IssuedCertificate issued;
        using (var authority = signer)
            issued = NodeCertificates.IssueServer(authority, node.Address, now, TimeSpan.FromDays(lifetimeDays));
        var replaced = all.Where(c => c.Kind == CertificateKind.Server && c.Active && node.SameName(c.Node)).Select(c => c.Id).ToList();
        return await AddAsync(actor, CertificateKind.Server, node.Name, node.Address, issued, replaced, "certificate.server.issue", now, ct);
    }

    /// <summary>A client certificate for one of Kopano's programs; it replaces that program's previous one.</summary>
    public async Task<Result> IssueClientAsync(string program, int lifetimeDays, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (!IsSystemAdmin(actor))
            return context.Deny(actor, "issue client certificate", program);
        if (!NodeCertificates.ClientPrograms.Contains(program))
            return new InvalidInput("Program", $"Choose one of {string.Join(", ", NodeCertificates.ClientPrograms)}.");
        if (Lifetime(lifetimeDays, "LifetimeDays") is { } invalid)
            return invalid;
        var all = await store.ListAsync(ct);
        if (Signer(all) is not { } signer)
            return new InvalidInput("Program", "Create or import the certificate authority first.");
        var now = clock.GetUtcNow();
        IssuedCertificate issued;
        using (var authority = signer)
            issued = NodeCertificates.IssueClient(authority, program, now, TimeSpan.FromDays(lifetimeDays));
        var replaced = all.Where(c => c.Kind == CertificateKind.Client && c.Active && c.Name == program).Select(c => c.Id).ToList();
        return await AddAsync(actor, CertificateKind.Client, null, program, issued, replaced, "certificate.client.issue", now, ct);
    }

    /// <summary>Takes a client certificate out of use: the next downloads no longer carry its public key in sslkeys.</summary>
    public async Task<Result> RetireClientAsync(long id, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (!IsSystemAdmin(actor))
            return context.Deny(actor, "retire client certificate", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var all = await store.ListAsync(ct);
        if (all.FirstOrDefault(c => c.Id == id && c.Kind == CertificateKind.Client && c.Active) is not { } client)
            return new NotFound("The client certificate");
        var now = clock.GetUtcNow();
        var audit = context.Audit(actor, null, null, "certificate.client.retire", client.Name, CertificateInfo.Of(client), null);
        await store.RetireAsync(client.Id, now, audit, ct);
        LogCertificateChange(log, "certificate.client.retire", client.Name, actor.Login);
        return Result.Ok;
    }

    /// <summary>
    /// The node's archive: CA certificate, its server.pem, the active clients' files and install.sh. The keys leave the
    /// portal here, so the download is audited; with <paramref name="passphrase"/> they are encrypted with it.
    /// </summary>
    public async Task<Result<CertificateBundle>> BundleAsync(string server, string? passphrase, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (!IsSystemAdmin(actor))
            return context.Deny(actor, "download certificates", server);
        if (passphrase is not null && (TextRules.HasControlCharacter(passphrase) || passphrase != passphrase.Trim() || passphrase.Contains('#')))
            return new InvalidInput("Passphrase", "A passphrase KC's configuration can hold: no control characters, no '#', no leading or trailing spaces.");
        if (Store is not { } servers || await servers.GetAsync(server, ct) is not { } node)
            return new NotFound("The server");
        var all = await store.ListAsync(ct);
        if (CurrentAuthority(all) is not { } authority)
            return new InvalidInput("Server", "Create or import the certificate authority first.");
        if (CurrentServer(all, node.Name) is not { } certificate)
            return new InvalidInput("Server", $"Issue a certificate for server '{node.Name}' first.");
        var clients = all.Where(c => c.Kind == CertificateKind.Client && c.Active)
            .Select(c => new ClientKeyPair(c.Name, c.CertificatePem, protector.Unprotect(c.ProtectedKey))).ToList();
        var content = NodeBundle.Build(node.Name, authority.CertificatePem, certificate.CertificatePem,
            protector.Unprotect(certificate.ProtectedKey), clients, string.IsNullOrEmpty(passphrase) ? null : passphrase);

        var audit = context.Audit(actor, null, null, "certificate.bundle.download", node.Name, null,
            new { Server = certificate.Serial, Clients = clients.Select(c => c.Program).ToList(), Passphrase = !string.IsNullOrEmpty(passphrase) });
        await using (var record = await journal.BeginAsync(audit, ct))
            await record.CommitAsync(ct);
        LogCertificateChange(log, "certificate.bundle.download", node.Name, actor.Login);
        return new CertificateBundle($"{node.Name}-kopano-ssl.zip", content);
    }

    /// <summary>Connects to the node's SSL port and checks the certificate against the installation's CA and the node's address.</summary>
    public async Task<Result<TlsReport>> CheckTlsAsync(string server, TimeSpan? timeout, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (!IsSystemAdmin(actor))
            return context.Hide(actor, "check server certificate", server, "The server");
        if (Store is not { } servers || await servers.GetAsync(server, ct) is not { } node)
            return new NotFound("The server");
        var authority = CurrentAuthority(await store.ListAsync(ct));
        using var authorityCertificate = authority is null ? null : X509Certificate2.CreateFromPem(authority.CertificatePem);
        return await tls.CheckAsync(node, authorityCertificate, timeout ?? ServerReachability.DefaultTimeout, ct);
    }

    private IServerNodes? Store => kopano.Value.UserPlugin.Equals("db", StringComparison.OrdinalIgnoreCase) ? null : nodes;

    private static bool IsSystemAdmin([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] Actor? actor) =>
        actor is { Level: AdminLevel.SystemAdmin };

    private static InvalidInput? Lifetime(int days, string field) =>
        days is < 1 or > MaxLifetimeDays ? new InvalidInput(field, $"Choose a lifetime of 1 to {MaxLifetimeDays} days.") : null;

    private static StoredCertificate? CurrentAuthority(IReadOnlyList<StoredCertificate> all) =>
        all.Where(c => c.Kind == CertificateKind.Authority && c.Active).MaxBy(c => c.Id);

    private static StoredCertificate? CurrentServer(IReadOnlyList<StoredCertificate> all, string node) =>
        all.Where(c => c.Kind == CertificateKind.Server && c.Active && string.Equals(c.Node, node, StringComparison.OrdinalIgnoreCase)).MaxBy(c => c.Id);

    /// <summary>The CA with its key (a use of the key: callers audit what they sign), or null without one.</summary>
    private X509Certificate2? Signer(IReadOnlyList<StoredCertificate> all) =>
        CurrentAuthority(all) is { } authority ? NodeCertificates.Load(authority.CertificatePem, protector.Unprotect(authority.ProtectedKey)) : null;

    private async Task<Result> AddAsync(Actor actor, CertificateKind kind, string? node, string name, IssuedCertificate issued,
        IReadOnlyCollection<long> replaced, string action, DateTimeOffset now, CancellationToken ct)
    {
        var stored = new StoredCertificate(0, kind, node, name, issued.Serial, issued.NotBefore, issued.NotAfter, issued.CertificatePem,
            protector.Protect(issued.PrivateKeyPem), now);
        var audit = context.Audit(actor, null, null, action, node ?? name, replaced.Count > 0 ? new { Replaced = replaced } : null,
            CertificateInfo.Of(stored));
        await store.AddAsync(stored, replaced, audit, ct);
        LogCertificateChange(log, action, node ?? name, actor.Login);
        return Result.Ok;
    }

    private static IReadOnlyList<string> Warnings(ServerNode node, StoredCertificate? current, X509Certificate2? authority, DateTimeOffset now)
    {
        var warnings = new List<string>();
        if (node.SslPort is not > 0)
            warnings.Add("No SSL port: other nodes cannot reach this server over SSL.");
        if (current is null)
        {
            warnings.Add("No server certificate yet.");
            return warnings;
        }
        using var certificate = X509Certificate2.CreateFromPem(current.CertificatePem);
        var verdict = NodeTlsCheck.Evaluate(node, certificate, authority, now);
        if (!verdict.NameMatches)
            warnings.Add($"The certificate is for {current.Name}, but the server's address is now {node.Address}: issue a new one.");
        if (current.NotAfter <= now)
            warnings.Add($"The certificate expired on {current.NotAfter:yyyy-MM-dd}: issue a new one.");
        else if (verdict.ExpiresSoon)
            warnings.Add($"The certificate expires on {current.NotAfter:yyyy-MM-dd}: issue a new one.");
        return warnings;
    }

    [LoggerMessage(EventId = 1311, Level = LogLevel.Information, Message = "{Action} for {Target} by {Actor}")]
    private static partial void LogCertificateChange(ILogger logger, string action, string target, string actor);
}
