using KopanoPortal.Core.Model;

namespace KopanoPortal.IntegrationTests;

// KC's uniqueness rules (docs/kopano.md, "Login names"): companies globally, users among all user classes per company, groups per company,
// all case-insensitive; and validation before anything is written.
public abstract partial class DirectoryContractTests
{
    [Fact]
    public async Task Tenant_names_are_unique_case_insensitively_across_the_installation_and_a_refusal_writes_nothing()
    {
        await NewTenantAsync("exampleorg");
        var other = await NewTenantAsync("otherorg");

        await AssertWritesNothingAsync(async () =>
        {
            var taken = Failed<NameTaken, ObjectKey>(await H.Tenants(s => s.CreateAsync(new TenantForm { Name = "ExampleOrg" }, Ct)));
            Assert.Equal("Name", taken.Field);
            Assert.Contains("Name", taken.FieldErrors.Keys);

            var renamed = Failed<NameTaken>(await H.Tenants(s => s.RenameAsync(other, new TenantForm { Name = "EXAMPLEORG" }, Ct)));
            Assert.Equal("Name", renamed.Field);
        });
        Assert.Equal("otherorg", (await FactsOfAsync(other)).Name);
    }

    [Fact]
    public async Task User_names_are_unique_case_insensitively_within_a_tenant_across_active_and_non_active_users()
    {
        var tenant = await NewTenantAsync("exampleorg");
        await NewUserAsync(tenant, "john");
        await NewUserAsync(tenant, "boardroom", password: null, active: false);

        await AssertWritesNothingAsync(async () =>
        {
            var taken = Failed<NameTaken, ObjectKey>(await H.Users(s => s.CreateAsync(tenant, UserFormFor("JOHN"), Ct)));
            Assert.Equal("Name", taken.Field);
            Assert.Equal("Name", Failed<NameTaken, ObjectKey>(await H.Users(s => s.CreateAsync(tenant, UserFormFor("BoardRoom"), Ct))).Field);
        });
        Assert.Single(await Probe.UsersNamedAsync("john"));
    }

    [Fact]
    public async Task The_same_user_name_in_another_tenant_is_a_different_user()
    {
        var exampleorg = await NewTenantAsync("exampleorg");
        var otherorg = await NewTenantAsync("otherorg");
        var first = await NewUserAsync(exampleorg, "john");

        var second = await NewUserAsync(otherorg, "john");

        Assert.NotEqual(first, second);
        Assert.Equal(otherorg.Value, (await FactsOfAsync(second)).TenantKey);
        Assert.Equal(exampleorg.Value, (await FactsOfAsync(first)).TenantKey);
        Assert.Equal(2, (await Probe.UsersNamedAsync("john")).Count);
    }

    [Fact]
    public async Task A_tenant_key_in_another_letter_case_names_the_same_tenant_and_stores_the_canonical_key()
    {
        var tenant = await NewTenantAsync("exampleorg");
        await NewUserAsync(tenant, "john");
        // db: hex of the externid (upper case); ldap: the entryUUID (lower case). Typed by hand in a URL, the other case.
        var otherCase = new ObjectKey(tenant.Value.Any(char.IsUpper) ? tenant.Value.ToLowerInvariant() : tenant.Value.ToUpperInvariant());
        Assert.NotEqual(tenant.Value, otherCase.Value);

        // Same tenant, same rules, same stored tenant key (db: still the upper-case companyid).
        Assert.Equal("Name", Failed<NameTaken, ObjectKey>(await H.Users(s => s.CreateAsync(otherCase, UserFormFor("JOHN"), Ct))).Field);
        var mary = await NewUserAsync(otherCase, "mary");
        var staff = await NewGroupAsync(otherCase, "staff");

        Assert.Equal(tenant.Value, (await FactsOfAsync(mary)).TenantKey);
        Assert.Equal(tenant.Value, (await FactsOfAsync(staff)).TenantKey);
        Assert.Equal(2, (await UserPageAsync(tenant, new PageRequest())).Total);
    }

    [Fact]
    public async Task Group_names_are_unique_case_insensitively_per_tenant()
    {
        var exampleorg = await NewTenantAsync("exampleorg");
        var otherorg = await NewTenantAsync("otherorg");
        await NewGroupAsync(exampleorg, "staff");

        await AssertWritesNothingAsync(async () =>
        {
            var taken = Failed<NameTaken, ObjectKey>(await H.Groups(s => s.CreateAsync(exampleorg, new GroupForm { Name = "STAFF" }, Ct)));
            Assert.Equal("Name", taken.Field);
        });

        var elsewhere = await NewGroupAsync(otherorg, "staff");
        Assert.Equal(otherorg.Value, (await FactsOfAsync(elsewhere)).TenantKey);
    }

    [Fact]
    public async Task Eight_concurrent_creations_of_the_same_user_name_create_exactly_one_user()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        List<Task<Result<ObjectKey>>> racers;
        // On PostgreSQL all eight first pass their uniqueness reads, then wait for the gate to insert.
        await using (var gate = await HoldUserInsertsAsync())
        {
            racers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
            {
                await start.Task;
                return await H.Users(s => s.CreateAsync(tenant, UserFormFor("racer"), Ct));
            })).ToList();
            start.SetResult();
            await gate.WaitUntilBlockedAsync(8);
        }
        var results = await Task.WhenAll(racers);

        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.IsType<NameTaken>(r.Error));
        Assert.Equal(results.Single(r => r.Succeeded).Value, Assert.Single(await Probe.UsersNamedAsync("racer")));
        Assert.Single(await Probe.AuditAsync(), a => a.Action == "user.create" && a.Target == "racer@exampleorg");
    }

    [Theory]
    [InlineData("jo@hn")]
    [InlineData("SYSTEM")]
    [InlineData("everyone")]
    [InlineData("")]
    [InlineData(" john")]
    public async Task An_invalid_user_name_is_refused_on_the_Name_field_without_writing(string name)
    {
        var tenant = await NewTenantAsync("exampleorg");

        await AssertWritesNothingAsync(async () =>
        {
            var invalid = Failed<InvalidInput, ObjectKey>(await H.Users(s => s.CreateAsync(tenant, UserFormFor(name), Ct)));
            Assert.Contains("Name", invalid.FieldErrors.Keys);
        });
    }

    [Fact]
    public async Task Invalid_tenant_and_group_names_and_a_missing_password_are_refused_without_writing()
    {
        var tenant = await NewTenantAsync("exampleorg");

        await AssertWritesNothingAsync(async () =>
        {
            Assert.Contains("Name", Failed<InvalidInput, ObjectKey>(await H.Tenants(s => s.CreateAsync(new TenantForm { Name = "example@org" }, Ct))).FieldErrors.Keys);
            Assert.Contains("Name", Failed<InvalidInput, ObjectKey>(await H.Tenants(s => s.CreateAsync(new TenantForm { Name = "" }, Ct))).FieldErrors.Keys);
            Assert.Contains("Name", Failed<InvalidInput, ObjectKey>(await H.Groups(s => s.CreateAsync(tenant, new GroupForm { Name = "st@ff" }, Ct))).FieldErrors.Keys);
            Assert.Contains("Name", Failed<InvalidInput, ObjectKey>(await H.Groups(s => s.CreateAsync(tenant, new GroupForm { Name = "Everyone" }, Ct))).FieldErrors.Keys);
            // An active user needs a password (kopano-admin -c, docs/kopano.md, "kopano-admin").
            Assert.Contains("Password", Failed<InvalidInput, ObjectKey>(await H.Users(s => s.CreateAsync(tenant, UserFormFor("john", password: null), Ct))).FieldErrors.Keys);
        });
    }
}
