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

/// <summary>A certificate as the pages show it: never its key, only whether the portal keeps it.</summary>
public sealed record CertificateInfo(
    long Id, CertificateKind Kind, string? Node, string Name, string Serial,
    DateTimeOffset NotBefore, DateTimeOffset NotAfter, DateTimeOffset Created, DateTimeOffset? Retired, bool KeyStored = true)
{
    public static CertificateInfo Of(StoredCertificate c) =>
        new(c.Id, c.Kind, c.Node, c.Name, c.Serial, c.NotBefore, c.NotAfter, c.Created, c.Retired, c.KeyStored);
}

/// <summary>
/// <c>Portal:Certificates</c>. <see cref="StorePrivateKeys"/> on (the default): private keys are kept encrypted with ASP.NET
/// Core Data Protection, for the per-node download and for signing. Off: a key is offered once for download when it is
/// made and only the certificate is kept; signing asks for the CA's key each time. It applies to keys made from then on.
/// </summary>
public sealed class CertificateOptions
{
    public const string Section = "Portal:Certificates";

    public bool StorePrivateKeys { get; set; } = true;
}

/// <summary>
/// The keys an operation may need from the admin: the CA's key (PEM, with its passphrase if encrypted) when the portal
/// keeps none, used in memory for this one signing; and the passphrase that encrypts a key handed out once.
/// </summary>
public sealed record KeyInput(string? AuthorityKeyPem = null, string? AuthorityKeyPassphrase = null, string? DownloadPassphrase = null)
{
    public static KeyInput None { get; } = new();
}

/// <summary>A private key the portal does not keep, offered once: the file's name and content (PEM, as KC reads it).</summary>
public sealed record OneTimeKey(string FileName, string Pem);

/// <summary>What creating or issuing made; <see cref="Key"/> only when the portal keeps no copy of the key.</summary>
public sealed record CertificateIssued(CertificateInfo Certificate, OneTimeKey? Key);

/// <summary>A node with its current server certificate and what is wrong with it (empty: nothing).</summary>
public sealed record NodeCertificateStatus(ServerNode Node, CertificateInfo? Certificate, IReadOnlyList<string> Warnings);

/// <summary><see cref="StoresKeys"/>: whether new private keys are kept (<see cref="CertificateOptions.StorePrivateKeys"/>).</summary>
public sealed record CertificateOverview(
    CertificateInfo? Authority,
    IReadOnlyList<NodeCertificateStatus> Nodes,
    IReadOnlyList<CertificateInfo> Clients,
    bool StoresKeys = true);

/// <summary>The per-node archive, made on request and handed out once.</summary>
public sealed record CertificateBundle(string FileName, byte[] Content);

public sealed class AuthorityForm
{
    /// <summary>Proposed in the page's language; German's wording is ASCII, so the certificate's subject reads the same in every tool.</summary>
    public string CommonName { get; set; } = Text.T("Kopano installation CA");

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
    IOptions<CertificateOptions> settings,
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
            all.Where(c => c.Kind == CertificateKind.Client && c.Active).Select(CertificateInfo.Of).ToList(),
            settings.Value.StorePrivateKeys);
    }

    /// <summary>A new CA for the installation; with keys not stored, its key comes back once in the result.</summary>
    public async Task<Result<CertificateIssued>> CreateAuthorityAsync(AuthorityForm form, KeyInput keys, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (!IsSystemAdmin(actor))
            return context.Deny(actor, "create certificate authority", "certificates");
        var name = form.CommonName?.Trim() ?? "";
        if (name.Length == 0 || TextRules.HasControlCharacter(name) || name.Length > 64)
            return new InvalidInput(nameof(AuthorityForm.CommonName), Text.T("Give the authority a name of 1 to 64 characters, without control characters."));
        if (Lifetime(form.LifetimeDays, nameof(AuthorityForm.LifetimeDays)) is { } invalid)
            return invalid;
        if (Passphrase(keys.DownloadPassphrase) is { } badPassphrase)
            return badPassphrase;
        var all = await store.ListAsync(ct);
        if (CurrentAuthority(all) is not null)
            return new InvalidInput(nameof(AuthorityForm.CommonName), Text.T("The installation already has a certificate authority."));
        var now = clock.GetUtcNow();
        var issued = NodeCertificates.CreateAuthority(name, now, TimeSpan.FromDays(form.LifetimeDays));
        return await AddAsync(actor, CertificateKind.Authority, null, name, issued, [], "certificate.authority.create", now, null, keys, ct);
    }

    /// <summary>
    /// The provider's own CA: its certificate and, if the portal is to sign without asking each time, its key (an encrypted
    /// PKCS#8 key with <paramref name="passphrase"/>). The key must belong to the certificate; it is kept (encrypted) only
    /// when <see cref="CertificateOptions.StorePrivateKeys"/> is on, and otherwise checked and dropped.
    /// </summary>
    public async Task<Result> ImportAuthorityAsync(string certificatePem, string? privateKeyPem, string? passphrase, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (!IsSystemAdmin(actor))
            return context.Deny(actor, "import certificate authority", "certificates");
        if (NodeCertificates.CheckAuthorityCertificate(certificatePem ?? "") is { } problem)
            return new InvalidInput("Certificate", problem);
        using var certificate = X509Certificate2.CreateFromPem(certificatePem!);
        string? keyPem = null;
        if (!string.IsNullOrWhiteSpace(privateKeyPem))
        {
            var (signer, keyProblem) = NodeCertificates.AttachKey(certificate, privateKeyPem, passphrase);
            if (keyProblem is not null)
            {
                LogRefusedKey(log, "import certificate authority", actor.Login);
                return new InvalidInput("Key", keyProblem);
            }
            using var withKey = signer!;
            using var key = withKey.GetRSAPrivateKey() as AsymmetricAlgorithm ?? withKey.GetECDsaPrivateKey();
            keyPem = key!.ExportPkcs8PrivateKeyPem() + "\n";
        }
        var all = await store.ListAsync(ct);
        if (CurrentAuthority(all) is not null)
            return new InvalidInput("Certificate", Text.T("The installation already has a certificate authority."));
        var issued = new IssuedCertificate(certificate.ExportCertificatePem() + "\n", keyPem ?? "", certificate.SerialNumber,
            new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero), new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero));
        var now = clock.GetUtcNow();
        var keep = keyPem is not null && settings.Value.StorePrivateKeys;
        var stored = new StoredCertificate(0, CertificateKind.Authority, null, certificate.GetNameInfo(X509NameType.SimpleName, false), issued.Serial,
            issued.NotBefore, issued.NotAfter, issued.CertificatePem, keep ? protector.Protect(keyPem!) : null, now);
        var audit = context.Audit(actor, null, null, "certificate.authority.import", stored.Name, null,
            AuditDetail(CertificateInfo.Of(stored), null) with { KeyGiven = keyPem is not null });
        await store.AddAsync(stored, [], audit, ct);
        LogCertificateChange(log, "certificate.authority.import", stored.Name, actor.Login);
        return Result.Ok;
    }

    /// <summary>A new server certificate for the node, for its current address; it replaces (retires) the node's previous one.</summary>
    public async Task<Result<CertificateIssued>> IssueServerAsync(string server, int lifetimeDays, KeyInput keys, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (!IsSystemAdmin(actor))
            return context.Deny(actor, "issue server certificate", server);
        if (Lifetime(lifetimeDays, "LifetimeDays") is { } invalid)
            return invalid;
        if (Passphrase(keys.DownloadPassphrase) is { } badPassphrase)
            return badPassphrase;
        if (Store is not { } servers || await servers.GetAsync(server, ct) is not { } node)
            return new NotFound("The server");
        if (node.Address.Length == 0)
            return new InvalidInput("Server", Text.T("Server '{0}' has no address: KC cannot form its https:// path, so there is no name to certify.", node.Name));
        var all = await store.ListAsync(ct);
        var signer = Signer(all, keys, "Server", actor);
        if (signer.Error is { } noSigner)
            return noSigner;
        var now = clock.GetUtcNow();
        IssuedCertificate issued;
        using (var authority = signer.Value!.Certificate)
            issued = NodeCertificates.IssueServer(authority, node.Address, now, TimeSpan.FromDays(lifetimeDays));
        var replaced = all.Where(c => c.Kind == CertificateKind.Server && c.Active && node.SameName(c.Node)).Select(c => c.Id).ToList();
        return await AddAsync(actor, CertificateKind.Server, node.Name, node.Address, issued, replaced, "certificate.server.issue", now,
            signer.Value.KeyGiven, keys, ct);
    }

    /// <summary>A client certificate for one of Kopano's programs; it replaces that program's previous one.</summary>
    public async Task<Result<CertificateIssued>> IssueClientAsync(string program, int lifetimeDays, KeyInput keys, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (!IsSystemAdmin(actor))
            return context.Deny(actor, "issue client certificate", program);
        if (!NodeCertificates.ClientPrograms.Contains(program))
            return new InvalidInput("Program", Text.T("Choose one of {0}.", string.Join(", ", NodeCertificates.ClientPrograms)));
        if (Lifetime(lifetimeDays, "LifetimeDays") is { } invalid)
            return invalid;
        if (Passphrase(keys.DownloadPassphrase) is { } badPassphrase)
            return badPassphrase;
        var all = await store.ListAsync(ct);
        var signer = Signer(all, keys, "Program", actor);
        if (signer.Error is { } noSigner)
            return noSigner;
        var now = clock.GetUtcNow();
        IssuedCertificate issued;
        using (var authority = signer.Value!.Certificate)
            issued = NodeCertificates.IssueClient(authority, program, now, TimeSpan.FromDays(lifetimeDays));
        var replaced = all.Where(c => c.Kind == CertificateKind.Client && c.Active && c.Name == program).Select(c => c.Id).ToList();
        return await AddAsync(actor, CertificateKind.Client, null, program, issued, replaced, "certificate.client.issue", now,
            signer.Value.KeyGiven, keys, ct);
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
        if (Passphrase(passphrase) is { } badPassphrase)
            return badPassphrase;
        if (Store is not { } servers || await servers.GetAsync(server, ct) is not { } node)
            return new NotFound("The server");
        var all = await store.ListAsync(ct);
        if (CurrentAuthority(all) is not { } authority)
            return new InvalidInput("Server", Text.T("Create or import the certificate authority first."));
        if (CurrentServer(all, node.Name) is not { } certificate)
            return new InvalidInput("Server", Text.T("Issue a certificate for server '{0}' first.", node.Name));
        var clients = all.Where(c => c.Kind == CertificateKind.Client && c.Active)
            .Select(c => new ClientKeyPair(c.Name, c.CertificatePem, c.ProtectedKey is { } key ? protector.Unprotect(key) : null)).ToList();
        var content = NodeBundle.Build(node.Name, authority.CertificatePem, certificate.CertificatePem,
            certificate.ProtectedKey is { } serverKey ? protector.Unprotect(serverKey) : null, clients, string.IsNullOrEmpty(passphrase) ? null : passphrase);

        var keys = (certificate.KeyStored ? [node.Name] : Array.Empty<string>()).Concat(clients.Where(c => c.PrivateKeyPem is not null).Select(c => c.Program)).ToList();
        var audit = context.Audit(actor, null, null, "certificate.bundle.download", node.Name, null,
            new { Server = certificate.Serial, Clients = clients.Select(c => c.Program).ToList(), Keys = keys, Passphrase = !string.IsNullOrEmpty(passphrase) });
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
        days is < 1 or > MaxLifetimeDays ? new InvalidInput(field, Text.T("Choose a lifetime of 1 to {0} days.", MaxLifetimeDays)) : null;

    private static StoredCertificate? CurrentAuthority(IReadOnlyList<StoredCertificate> all) =>
        all.Where(c => c.Kind == CertificateKind.Authority && c.Active).MaxBy(c => c.Id);

    private static StoredCertificate? CurrentServer(IReadOnlyList<StoredCertificate> all, string node) =>
        all.Where(c => c.Kind == CertificateKind.Server && c.Active && string.Equals(c.Node, node, StringComparison.OrdinalIgnoreCase)).MaxBy(c => c.Id);

    private static InvalidInput? Passphrase(string? passphrase) =>
        !string.IsNullOrEmpty(passphrase) && (TextRules.HasControlCharacter(passphrase) || passphrase != passphrase.Trim() || passphrase.Contains('#'))
            ? new InvalidInput("Passphrase", Text.T("A passphrase KC's configuration can hold: no control characters, no '#', no leading or trailing spaces."))
            : null;

    private sealed record SigningAuthority(X509Certificate2 Certificate, bool KeyGiven);

    /// <summary>
    /// The CA with its key (a use of the key: callers audit what they sign): the stored key, or, when the portal keeps none,
    /// the one the admin gave for this signing, checked against the CA's certificate and held only in memory.
    /// </summary>
    private Result<SigningAuthority> Signer(IReadOnlyList<StoredCertificate> all, KeyInput keys, string field, Actor actor)
    {
        if (CurrentAuthority(all) is not { } authority)
            return new InvalidInput(field, Text.T("Create or import the certificate authority first."));
        if (authority.ProtectedKey is { } stored)
            return new SigningAuthority(NodeCertificates.Load(authority.CertificatePem, protector.Unprotect(stored)), false);
        if (string.IsNullOrWhiteSpace(keys.AuthorityKeyPem))
            return new InvalidInput("AuthorityKey", Text.T("The portal keeps no copy of the certificate authority's private key: give it to sign this certificate."));
        using var certificate = X509Certificate2.CreateFromPem(authority.CertificatePem);
        var (signer, problem) = NodeCertificates.AttachKey(certificate, keys.AuthorityKeyPem, keys.AuthorityKeyPassphrase);
        if (problem is not null)
        {
            LogRefusedKey(log, "sign with the certificate authority", actor.Login);
            return new InvalidInput("AuthorityKey", problem);
        }
        return new SigningAuthority(signer!, true);
    }

    /// <summary>What the audit log keeps of a certificate: never a key, but whether the portal kept it and which CA key signed.</summary>
    private sealed record CertificateAudit(string Name, string Serial, DateTimeOffset NotAfter, bool KeyStored, bool? KeyGiven = null, bool? AuthorityKeyGiven = null);

    private static CertificateAudit AuditDetail(CertificateInfo info, bool? authorityKeyGiven) =>
        new(info.Name, info.Serial, info.NotAfter, info.KeyStored, null, authorityKeyGiven);

    private async Task<Result<CertificateIssued>> AddAsync(Actor actor, CertificateKind kind, string? node, string name, IssuedCertificate issued,
        IReadOnlyCollection<long> replaced, string action, DateTimeOffset now, bool? authorityKeyGiven, KeyInput keys, CancellationToken ct)
    {
        var keep = settings.Value.StorePrivateKeys;
        var stored = new StoredCertificate(0, kind, node, name, issued.Serial, issued.NotBefore, issued.NotAfter, issued.CertificatePem,
            keep ? protector.Protect(issued.PrivateKeyPem) : null, now);
        var info = CertificateInfo.Of(stored);
        var audit = context.Audit(actor, null, null, action, node ?? name, replaced.Count > 0 ? new { Replaced = replaced } : null,
            AuditDetail(info, authorityKeyGiven));
        await store.AddAsync(stored, replaced, audit, ct);
        LogCertificateChange(log, action, node ?? name, actor.Login);
        return new CertificateIssued(info, keep ? null : OneTime(kind, node ?? name, issued, keys.DownloadPassphrase));
    }

    /// <summary>The key handed out once, in the file KC reads: the CA's key alone, server.pem and client.pem as certificate and key.</summary>
    private static OneTimeKey OneTime(CertificateKind kind, string subject, IssuedCertificate issued, string? passphrase)
    {
        passphrase = string.IsNullOrEmpty(passphrase) ? null : passphrase;
        return kind switch
        {
            CertificateKind.Authority => new OneTimeKey("cakey.pem", NodeCertificates.CertificateAndKey("", issued.PrivateKeyPem, passphrase)),
            CertificateKind.Server => new OneTimeKey($"{subject}-{Path.GetFileName(SslPaths.ServerFile)}",
                NodeCertificates.CertificateAndKey(issued.CertificatePem, issued.PrivateKeyPem, passphrase)),
            _ => new OneTimeKey(Path.GetFileName(SslPaths.ClientFile(subject)),
                NodeCertificates.CertificateAndKey(issued.CertificatePem, issued.PrivateKeyPem, passphrase)),
        };
    }

    private static IReadOnlyList<string> Warnings(ServerNode node, StoredCertificate? current, X509Certificate2? authority, DateTimeOffset now)
    {
        var warnings = new List<string>();
        if (node.SslPort is not > 0)
            warnings.Add(Text.T("No SSL port: other nodes cannot reach this server over SSL."));
        if (current is null)
        {
            warnings.Add(Text.T("No server certificate yet."));
            return warnings;
        }
        using var certificate = X509Certificate2.CreateFromPem(current.CertificatePem);
        var verdict = NodeTlsCheck.Evaluate(node, certificate, authority, now);
        if (!verdict.NameMatches)
            warnings.Add(Text.T("The certificate is for {0}, but the server's address is now {1}: issue a new one.", current.Name, node.Address));
        if (current.NotAfter <= now)
            warnings.Add(Text.T("The certificate expired on {0}: issue a new one.", Text.Day(current.NotAfter)));
        else if (verdict.ExpiresSoon)
            warnings.Add(Text.T("The certificate expires on {0}: issue a new one.", Text.Day(current.NotAfter)));
        return warnings;
    }

    [LoggerMessage(EventId = 1311, Level = LogLevel.Information, Message = "{Action} for {Target} by {Actor}")]
    private static partial void LogCertificateChange(ILogger logger, string action, string target, string actor);

    [LoggerMessage(EventId = 1312, Level = LogLevel.Warning, Message = "Refused a private key that does not fit the certificate authority ({Attempt}) from {Actor}")]
    private static partial void LogRefusedKey(ILogger logger, string attempt, string actor);
}
