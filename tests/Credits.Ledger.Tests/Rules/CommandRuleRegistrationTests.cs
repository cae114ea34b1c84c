using Credits.Ledger.Commands;
using Credits.Ledger.Rules;

namespace Credits.Ledger.Tests.Rules;

/// <summary>
/// Every command has exactly one rule: the registration is the only list of commands, so a new
/// command without a rule must fail here rather than at its first request.
/// </summary>
public sealed class CommandRuleRegistrationTests
{
    private static readonly Type[] CommandTypes = typeof(LedgerCommand).Assembly.GetTypes()
        .Where(type => type.IsSubclassOf(typeof(LedgerCommand)) && !type.IsAbstract)
        .OrderBy(type => type.Name, StringComparer.Ordinal)
        .ToArray();

    [Test]
    public void Every_command_type_has_a_registered_rule_for_that_type()
    {
        Assert.That(CommandTypes, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            foreach (var commandType in CommandTypes)
            {
                Assert.That(() => CommandRules.For(commandType).CommandType, Is.EqualTo(commandType),
                    $"{commandType.Name} needs a rule registered in CommandRules");
            }
        });
    }

    [Test]
    public void Every_command_type_declares_its_typed_result()
    {
        var untyped = CommandTypes.Where(type => !IsTypedCommand(type)).Select(type => type.Name);

        Assert.That(untyped, Is.Empty, "commands derive from LedgerCommand<TResult>");
    }

    [Test]
    public void No_rule_is_registered_for_a_type_that_is_not_a_command()
    {
        Assert.That(CommandRules.All.Select(rule => rule.CommandType), Is.EquivalentTo(CommandTypes));
    }

    [Test]
    public void A_command_type_without_a_rule_is_refused_with_a_message_naming_it()
    {
        Assert.That(() => CommandRules.For(typeof(UnregisteredCommand)),
            Throws.InvalidOperationException.With.Message.Contains(nameof(UnregisteredCommand)));
    }

    private static bool IsTypedCommand(Type type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (current.IsGenericType && current.GetGenericTypeDefinition() == typeof(LedgerCommand<>))
            {
                return true;
            }
        }
        return false;
    }

    private sealed record UnregisteredCommand() : LedgerCommand<NoteResult>("test");
}
