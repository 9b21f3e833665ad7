using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Servers;
using Microsoft.Extensions.DependencyInjection;

namespace KopanoPortal.EndToEndTests.Infrastructure;

/// <summary>
/// Objects a scenario needs but does not test, written through the portal's own directory (with an audit entry,
/// as every write has) so that they are exactly what the pages would have written.
/// </summary>
public sealed class DirectorySeed(PortalFactory portal)
{
    private IDirectory Directory => portal.Services.GetRequiredService<IDirectory>();

    private static AuditEntry Audit(string action, string target, ObjectKey? tenant = null, string? tenantName = null) =>
        new(DateTimeOffset.UtcNow, "e2e-seed", tenant, tenantName, action, target, null, null);

    public async Task<ObjectKey> TenantAsync(string name) =>
        Succeeded(await Directory.CreateTenantAsync(name, Audit("tenant.create", name), CancellationToken.None), $"tenant {name}");

    /// <summary>A user of <paramref name="tenant"/>, or, with no tenant (not hosted), of the one directory.</summary>
    public async Task<ObjectKey> UserAsync(ObjectKey? tenant, string tenantName, string name, string password, AdminLevel level = AdminLevel.None,
        string? fullName = null, string? email = null, string? homeServer = null)
    {
        var user = new NewUser(tenant, name, fullName ?? $"{char.ToUpperInvariant(name[0])}{name[1..]} Example", email ?? $"{name}@{tenantName}.example",
            password, IsActive: true, level, homeServer);
        return Succeeded(await Directory.CreateUserAsync(user, Audit("user.create", name, tenant, tenantName), CancellationToken.None), $"user {name}");
    }

    public async Task<ObjectKey> GroupAsync(ObjectKey? tenant, string tenantName, string name, params ObjectKey[] members)
    {
        var group = Succeeded(
            await Directory.CreateGroupAsync(new NewGroup(tenant, name, $"{name}@{tenantName}.example"), Audit("group.create", name, tenant, tenantName), CancellationToken.None),
            $"group {name}");
        foreach (var member in members)
        {
            var added = await Directory.AddGroupMemberAsync(group, member, Audit("group.member.add", name, tenant, tenantName), CancellationToken.None);
            Assert.True(added.Succeeded, $"Seeding member {member} of {name} failed: {added.Error?.Message}");
        }
        return group;
    }

    /// <summary>A node of a multi-server setup (LDAP only) for home servers to name.</summary>
    public async Task ServerAsync(string name)
    {
        var created = await portal.Services.GetRequiredService<IServerNodes>().CreateAsync(
            new ServerNode(name, $"{name}.example.lan", 236, 237, ProxyUrl: $"https://zproxy.example.com:237/{name}"),
            Audit("server.create", name), CancellationToken.None);
        Assert.True(created.Succeeded, $"Seeding server {name} failed: {created.Error?.Message}");
    }

    private static ObjectKey Succeeded(Result<ObjectKey> result, string what)
    {
        Assert.True(result.Succeeded, $"Seeding {what} failed: {result.Error?.Message}");
        return result.Value;
    }
}
