using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;

namespace KopanoPortal.IntegrationTests;

// kopano-server keeps an object's details cached until its modtime changes (docs/kopano.md, "Signatures"), so every
// kind of change, also one that writes only relations or multi-valued properties, moves the modtime of the object
// whose details it changes.
public abstract partial class SqlDirectoryContractTests
{
    [Fact]
    public async Task Every_kind_of_change_moves_the_modtime_of_the_object_whose_details_it_changes()
    {
        var exampleOrg = await NewTenantAsync("exampleorg");
        var partnerOrg = await NewTenantAsync("partnerorg");
        var john = await NewUserAsync(exampleOrg, "john");
        var mary = await NewUserAsync(exampleOrg, "mary");
        await NewUserAsync(partnerOrg, "carl");
        var staff = await NewGroupAsync(exampleOrg, "staff");
        var changes = new (string Kind, ObjectKey Object, Func<Task<Result>> Change)[]
        {
            ("rename a tenant", exampleOrg, () => H.Tenants(s => s.RenameAsync(exampleOrg, new TenantForm { Name = "example" }, Ct))),
            ("update a user", john, async () => await H.Users(async s =>
            {
                var form = UserForm.From((await s.GetAsync(john, Ct)).Value!.User);
                form.FullName = "John Q. Example";
                return await s.UpdateAsync(john, form, Ct);
            })),
            ("reset a password", john, () => H.Users(s => s.ResetPasswordAsync(john, new PasswordForm { Password = "Another-Pass-123", Confirmation = "Another-Pass-123" }, Ct))),
            ("rename a group", staff, () => H.Groups(s => s.RenameAsync(staff, new GroupForm { Name = "crew" }, Ct))),
            ("set a group's e-mail", staff, () => H.Groups(s => s.UpdateEmailAsync(staff, new GroupForm { Email = "crew@example.org" }, Ct))),
            ("add a member", staff, () => H.Groups(s => s.AddMemberAsync(staff, john, Ct))),
            ("remove a member", staff, () => H.Groups(s => s.RemoveMemberAsync(staff, john, Ct))),
            ("add a send-as delegate", john, () => H.SendAs(s => s.AddDelegateAsync(john, "mary", Ct))),
            ("add a viewer", exampleOrg, () => H.Privileges(s => s.AddViewerAsync(exampleOrg, "partnerorg", Ct))),
            ("add a remote admin", exampleOrg, () => H.Privileges(s => s.AddRemoteAdminAsync(exampleOrg, "carl@partnerorg", alsoLetTheirTenantView: false, Ct))),
            ("add a quota recipient", exampleOrg, () => H.Privileges(s => s.AddQuotaRecipientAsync(exampleOrg, ObjectList.UserQuotaRecipients, "mary", Ct))),
            ("set the system admin contact", exampleOrg, () => H.Privileges(s => s.SetSystemAdminContactAsync(exampleOrg, "mary", Ct))),
            ("set a user's features", mary, () => H.Features(s => s.SetAsync(mary, ["imap", "mobile", "outlook", "webapp"], Ct))),
            ("set a user's quota", mary, () => H.Quotas(s => s.SetUserQuotaAsync(mary, new QuotaForm { Override = true, Warn = "10", Soft = "20", Hard = "30" }, Ct))),
        };

        foreach (var (kind, key, change) in changes)
        {
            H.Clock.Advance(TimeSpan.FromMinutes(1));
            var result = await change();
            Assert.True(result.Succeeded, $"{kind}: {result.Error?.Message}");
            Assert.True(H.Clock.ModTime == (await PropertiesOfAsync(key))["modtime"], $"{kind} left the modtime of {key} as it was.");
        }
    }
}

// Names as kopano-server resolves them (docs/kopano.md, "Names"): the database's case-insensitive = finds candidates,
// strcasecmp keeps only those equal up to the case of ASCII letters. Uniqueness may be stricter, and says why.
public abstract partial class SqlDirectoryContractTests
{
    [Fact]
    public async Task A_spelling_KC_would_not_resolve_signs_nobody_in_and_finds_nobody_while_ASCII_case_still_does()
    {
        var tenant = await NewTenantAsync("müller");
        var jurgen = await NewUserAsync(tenant, "jürgen", "Jürgen-Pass-1", email: "juergen@example.org");
        var bob = await NewUserAsync(tenant, "bob", "Bob-Pass-1234");
        H.SignOut();

        Assert.Equal(jurgen, (await H.SignIn(s => s.SignInAsync("jürgen@müller", "Jürgen-Pass-1", Infrastructure.DirectoryHarness.ClientAddress, Ct))).Value!.Key);
        Assert.Equal(bob, (await H.SignIn(s => s.SignInAsync("BOB@müller", "Bob-Pass-1234", Infrastructure.DirectoryHarness.ClientAddress, Ct))).Value!.Key);
        Assert.False((await H.SignIn(s => s.SignInAsync("JÜRGEN@müller", "Jürgen-Pass-1", Infrastructure.DirectoryHarness.ClientAddress, Ct))).Succeeded, "KC's strcasecmp does not fold Ü, yet JÜRGEN signed in.");
        Assert.False((await H.SignIn(s => s.SignInAsync("jürgen@MÜLLER", "Jürgen-Pass-1", Infrastructure.DirectoryHarness.ClientAddress, Ct))).Succeeded, "KC's strcasecmp does not fold Ü, yet MÜLLER named the tenant.");
        Assert.False((await H.SignIn(s => s.SignInAsync("bob @müller", "Bob-Pass-1234", Infrastructure.DirectoryHarness.ClientAddress, Ct))).Succeeded, "'bob ' is another name for KC, yet it signed in.");

        await H.SignInAsAsync(Admin);
        Assert.Null(await H.Directory.FindObjectAsync(DirectoryObjectKind.User, tenant, "JÜRGEN", Ct));
        Assert.Equal(bob, (await H.Directory.FindObjectAsync(DirectoryObjectKind.User, tenant, "BOB", Ct))!.Key);
        Assert.Null(await H.Directory.FindTenantAsync("MÜLLER", Ct));

        // Stricter than KC on purpose: the look-alike is refused, and the message names the existing spelling.
        var taken = Failed<NameTaken, ObjectKey>(await H.Users(s => s.CreateAsync(tenant, UserFormFor("JÜRGEN", email: "j2@example.org"), Ct)));
        Assert.Equal("jürgen", taken.LookAlike);
        Assert.Contains("too close to the existing name 'jürgen'", taken.Message, StringComparison.Ordinal);
        Assert.Null(Failed<NameTaken, ObjectKey>(await H.Users(s => s.CreateAsync(tenant, UserFormFor("BOB"), Ct))).LookAlike);
    }
}
