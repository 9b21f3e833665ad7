namespace KopanoPortal.Core.Model;

/// <summary>An expected failure of an operation. Pages show <see cref="FieldErrors"/> beside the fields they name.</summary>
public abstract record OperationError(string Message)
{
    public virtual IReadOnlyDictionary<string, string> FieldErrors { get; } = new Dictionary<string, string>();
}

/// <summary>The name is in use; <paramref name="LookAlike"/> is the existing spelling when it is not the same name by KC's own rule.</summary>
public sealed record NameTaken(string Field, string Name, string? LookAlike = null) : OperationError(Describe(Name, LookAlike))
{
    public override IReadOnlyDictionary<string, string> FieldErrors { get; } = new Dictionary<string, string> { [Field] = Describe(Name, LookAlike) };

    private static string Describe(string name, string? lookAlike) => lookAlike is null
        ? Text.T("'{0}' is already taken.", name)
        : Text.T("'{0}' is too close to the existing name '{1}': the directory's database treats them as one name, so the portal refuses it.", name, lookAlike);
}

public sealed record InvalidInput(IReadOnlyDictionary<string, string> Fields)
    : OperationError(string.Join(" ", Fields.Values))
{
    public InvalidInput(string field, string message) : this(new Dictionary<string, string> { [field] = message }) { }

    public override IReadOnlyDictionary<string, string> FieldErrors => Fields;
}

/// <summary><paramref name="What"/> is the English text ("The tenant"); the message shows it in the current language.</summary>
public sealed record NotFound(string What) : OperationError(Text.T("{0} was not found.", Text.T(What)));

/// <summary>The object changed since the caller read it: nothing was written, so nobody's change was lost.</summary>
public sealed record Conflict(string What) : OperationError(Text.T("{0} was changed by someone else while you were editing. Nothing was saved.", Text.T(What)));

public sealed record Forbidden(string Reason) : OperationError(Reason);

/// <summary>No directory server answered; <paramref name="Servers"/> names the ones tried.</summary>
public sealed record ServerUnreachable(string Servers) : OperationError(Text.T("The directory server is unreachable ({0}). Nothing was changed.", Servers));

/// <summary>The store refused or could not complete the change; nothing was written.</summary>
public sealed record StoreFailure(string Detail) : OperationError(Text.T("The change was not saved: {0}", Detail));

public readonly record struct Result
{
    private Result(OperationError? error, bool unchanged = false) => (Error, Unchanged) = (error, unchanged);

    public OperationError? Error { get; }

    public bool Succeeded => Error is null;

    /// <summary>Succeeded without writing: what was asked for is what is stored, so no audit record was made either.</summary>
    public bool Unchanged { get; }

    public static Result Ok { get; } = new(null);

    public static Result NothingChanged { get; } = new(null, unchanged: true);

    /// <summary>What a page says for <see cref="Unchanged"/>, in the current language.</summary>
    public static string NothingChangedText => Text.T("Nothing changed: this is already what is stored.");

    public static implicit operator Result(OperationError error) => new(error);
}

public readonly record struct Result<T>
{
    private Result(T? value, OperationError? error) => (Value, Error) = (value, error);

    public T? Value { get; }

    public OperationError? Error { get; }

    public bool Succeeded => Error is null;

    public static implicit operator Result<T>(T value) => new(value, null);

    /// <summary>For values the implicit conversion cannot take (interfaces such as IReadOnlyList).</summary>
    public static Result<T> From(T value) => new(value, null);

    public static implicit operator Result<T>(OperationError error) => new(default, error);
}
