using KopanoPortal.Directory.Sql.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KopanoPortal.Directory.Sql.Configurations;

internal sealed class AuditRowConfiguration : IEntityTypeConfiguration<AuditRow>
{
    public void Configure(EntityTypeBuilder<AuditRow> table)
    {
        table.ToTable("portal_audit");
        table.HasKey(a => a.Id);
        table.Property(a => a.Id).HasColumnName("id").ValueGeneratedOnAdd();
        table.Property(a => a.AtUnixMs).HasColumnName("at_unix_ms");
        table.Property(a => a.Actor).HasColumnName("actor").HasMaxLength(400);
        table.Property(a => a.TenantKey).HasColumnName("tenant_key").HasMaxLength(400);
        table.Property(a => a.TenantName).HasColumnName("tenant_name").HasMaxLength(400);
        table.Property(a => a.Action).HasColumnName("action").HasMaxLength(100);
        table.Property(a => a.Target).HasColumnName("target").HasMaxLength(400);
        table.Property(a => a.Before).HasColumnName("before");
        table.Property(a => a.After).HasColumnName("after");
        table.HasIndex(a => new { a.TenantKey, a.Id });
        // The audit page's exact filters: an action, a time range (the text filters match anywhere and scan anyway).
        table.HasIndex(a => new { a.Action, a.Id });
        table.HasIndex(a => a.AtUnixMs);
    }
}

internal sealed class SignInFailureRowConfiguration : IEntityTypeConfiguration<SignInFailureRow>
{
    public void Configure(EntityTypeBuilder<SignInFailureRow> table)
    {
        table.ToTable("portal_signin_failure");
        table.HasKey(f => f.Key);
        table.Property(f => f.Key).HasColumnName("counter_key").HasMaxLength(400);
        table.Property(f => f.Failures).HasColumnName("failures");
        table.Property(f => f.FirstFailureUnixMs).HasColumnName("first_failure_unix_ms");
        table.Property(f => f.LastFailureUnixMs).HasColumnName("last_failure_unix_ms");
    }
}

internal sealed class TenantDefaultServerRowConfiguration : IEntityTypeConfiguration<TenantDefaultServerRow>
{
    public void Configure(EntityTypeBuilder<TenantDefaultServerRow> table)
    {
        table.ToTable("portal_tenant_default_server");
        table.HasKey(d => d.TenantKey);
        table.Property(d => d.TenantKey).HasColumnName("tenant_key").HasMaxLength(400);
        table.Property(d => d.Server).HasColumnName("server").HasMaxLength(400);
    }
}

internal sealed class SessionStampRowConfiguration : IEntityTypeConfiguration<SessionStampRow>
{
    public void Configure(EntityTypeBuilder<SessionStampRow> table)
    {
        table.ToTable("portal_session_stamp");
        table.HasKey(s => s.AccountKey);
        table.Property(s => s.AccountKey).HasColumnName("account_key").HasMaxLength(400);
        table.Property(s => s.Stamp).HasColumnName("stamp").HasMaxLength(64);
    }
}

internal sealed class AccountPreferenceRowConfiguration : IEntityTypeConfiguration<AccountPreferenceRow>
{
    public void Configure(EntityTypeBuilder<AccountPreferenceRow> table)
    {
        table.ToTable("portal_account_preference");
        table.HasKey(p => p.AccountKey);
        table.Property(p => p.AccountKey).HasColumnName("account_key").HasMaxLength(400);
        table.Property(p => p.Language).HasColumnName("language").HasMaxLength(10);
        table.Property(p => p.Theme).HasColumnName("theme").HasMaxLength(10);
    }
}

internal sealed class OperatorRowConfiguration : IEntityTypeConfiguration<OperatorRow>
{
    public void Configure(EntityTypeBuilder<OperatorRow> table)
    {
        table.ToTable("portal_operator");
        table.HasKey(o => o.Id);
        table.Property(o => o.Id).HasColumnName("id").ValueGeneratedOnAdd();
        table.Property(o => o.Name).HasColumnName("name").HasMaxLength(100);
        table.Property(o => o.NameKey).HasColumnName("name_key").HasMaxLength(100);
        table.Property(o => o.FullName).HasColumnName("full_name").HasMaxLength(255);
        table.Property(o => o.PasswordHash).HasColumnName("password_hash").HasMaxLength(400);
        table.Property(o => o.LegacyPasswordHash).HasColumnName("legacy_password_hash").HasMaxLength(400);
        table.Property(o => o.IsActive).HasColumnName("is_active");
        table.Property(o => o.CreatedUnixMs).HasColumnName("created_unix_ms");
        table.Property(o => o.MigratedFrom).HasColumnName("migrated_from").HasMaxLength(400);
        table.HasIndex(o => o.NameKey).IsUnique();
        table.HasIndex(o => o.MigratedFrom).IsUnique();
    }
}

internal sealed class TotpRowConfiguration : IEntityTypeConfiguration<TotpRow>
{
    public void Configure(EntityTypeBuilder<TotpRow> table)
    {
        table.ToTable("portal_mfa_totp");
        table.HasKey(t => t.AccountKey);
        table.Property(t => t.AccountKey).HasColumnName("account_key").HasMaxLength(400);
        table.Property(t => t.ProtectedSecret).HasColumnName("protected_secret").HasMaxLength(2000);
        table.Property(t => t.Confirmed).HasColumnName("confirmed");
        table.Property(t => t.LastTimeStep).HasColumnName("last_time_step");
        table.Property(t => t.CreatedUnixMs).HasColumnName("created_unix_ms");
    }
}

internal sealed class RecoveryCodeRowConfiguration : IEntityTypeConfiguration<RecoveryCodeRow>
{
    public void Configure(EntityTypeBuilder<RecoveryCodeRow> table)
    {
        table.ToTable("portal_mfa_recovery_code");
        table.HasKey(r => new { r.AccountKey, r.CodeHash });
        table.Property(r => r.AccountKey).HasColumnName("account_key").HasMaxLength(400);
        table.Property(r => r.CodeHash).HasColumnName("code_hash").HasMaxLength(64);
        table.Property(r => r.UsedUnixMs).HasColumnName("used_unix_ms");
    }
}

internal sealed class PasskeyRowConfiguration : IEntityTypeConfiguration<PasskeyRow>
{
    public void Configure(EntityTypeBuilder<PasskeyRow> table)
    {
        table.ToTable("portal_mfa_passkey");
        table.HasKey(p => p.CredentialId);
        // WebAuthn allows ids of up to 1023 bytes; 700 base64url characters (525 bytes) is more than authenticators
        // use and keeps the key within MySQL's index limit.
        table.Property(p => p.CredentialId).HasColumnName("credential_id").HasMaxLength(700);
        table.Property(p => p.AccountKey).HasColumnName("account_key").HasMaxLength(400);
        table.Property(p => p.PublicKey).HasColumnName("public_key");
        table.Property(p => p.SignCount).HasColumnName("sign_count");
        table.Property(p => p.UserHandle).HasColumnName("user_handle");
        table.Property(p => p.Name).HasColumnName("name").HasMaxLength(100);
        table.Property(p => p.CreatedUnixMs).HasColumnName("created_unix_ms");
        table.HasIndex(p => p.AccountKey);
    }
}

internal sealed class TenantMfaRuleRowConfiguration : IEntityTypeConfiguration<TenantMfaRuleRow>
{
    public void Configure(EntityTypeBuilder<TenantMfaRuleRow> table)
    {
        table.ToTable("portal_mfa_tenant_rule");
        table.HasKey(r => r.TenantKey);
        table.Property(r => r.TenantKey).HasColumnName("tenant_key").HasMaxLength(400);
    }
}

internal sealed class DataProtectionKeyRowConfiguration : IEntityTypeConfiguration<DataProtectionKeyRow>
{
    public void Configure(EntityTypeBuilder<DataProtectionKeyRow> table)
    {
        table.ToTable("portal_data_protection_key");
        table.HasKey(k => k.Id);
        table.Property(k => k.Id).HasColumnName("id").ValueGeneratedOnAdd();
        table.Property(k => k.FriendlyName).HasColumnName("friendly_name").HasMaxLength(400);
        table.Property(k => k.Xml).HasColumnName("xml");
    }
}

internal sealed class ApiTokenRowConfiguration : IEntityTypeConfiguration<ApiTokenRow>
{
    public void Configure(EntityTypeBuilder<ApiTokenRow> table)
    {
        table.ToTable("portal_api_token");
        table.HasKey(t => t.Id);
        table.Property(t => t.Id).HasColumnName("id").ValueGeneratedOnAdd();
        table.Property(t => t.Name).HasColumnName("name").HasMaxLength(100);
        table.Property(t => t.OwnerKey).HasColumnName("owner_key").HasMaxLength(400);
        table.Property(t => t.OwnerLogin).HasColumnName("owner_login").HasMaxLength(400);
        table.Property(t => t.TenantKey).HasColumnName("tenant_key").HasMaxLength(400);
        table.Property(t => t.TenantName).HasColumnName("tenant_name").HasMaxLength(400);
        table.Property(t => t.SecretHash).HasColumnName("secret_hash").HasMaxLength(64);
        // Tokens made before roles existed keep what they could do then.
        table.Property(t => t.Role).HasColumnName("role").HasMaxLength(20).HasDefaultValue("full");
        table.Property(t => t.CreatedUnixMs).HasColumnName("created_unix_ms");
        table.Property(t => t.ExpiresUnixMs).HasColumnName("expires_unix_ms");
        table.Property(t => t.LastUsedUnixMs).HasColumnName("last_used_unix_ms");
        table.Property(t => t.RevokedUnixMs).HasColumnName("revoked_unix_ms");
        table.HasIndex(t => t.TenantKey);
    }
}

internal sealed class ApiIdempotencyRowConfiguration : IEntityTypeConfiguration<ApiIdempotencyRow>
{
    public void Configure(EntityTypeBuilder<ApiIdempotencyRow> table)
    {
        table.ToTable("portal_api_idempotency");
        table.HasKey(k => new { k.TokenId, k.IdempotencyKey });
        table.Property(k => k.TokenId).HasColumnName("token_id").ValueGeneratedNever();
        table.Property(k => k.IdempotencyKey).HasColumnName("idempotency_key").HasMaxLength(64);
        table.Property(k => k.RequestHash).HasColumnName("request_hash").HasMaxLength(64);
        table.Property(k => k.CreatedUnixMs).HasColumnName("created_unix_ms");
        table.Property(k => k.Status).HasColumnName("status");
        table.Property(k => k.ContentType).HasColumnName("content_type").HasMaxLength(200);
        table.Property(k => k.Location).HasColumnName("location").HasMaxLength(1000);
        table.Property(k => k.ETag).HasColumnName("etag").HasMaxLength(100);
        table.Property(k => k.Body).HasColumnName("body");
        table.HasIndex(k => k.CreatedUnixMs);
    }
}
