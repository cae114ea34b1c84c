namespace Credits.Ledger.Accounts;

/// <summary>The kind of an account, from the prefix of its id.</summary>
public enum AccountKind
{
    /// <summary><c>user:</c>, a signed-up user.</summary>
    User,
    /// <summary><c>lead:</c>, an anonymous visitor who may sign up later.</summary>
    Lead,
    /// <summary><c>org:</c>, an organisation.</summary>
    Org,
}
