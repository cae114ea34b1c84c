using System.Collections;
using CsCheck;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Credits.Fuzz.Tests.Generators;

/// <summary>
/// Random instances of any protobuf message, built from its descriptor: every field of every
/// request type is generated (set or left unset, repeated and map fields with 0 to a few entries,
/// enum values in and out of range), so a field or RPC added later is fuzzed without a change here.
/// </summary>
internal static class Messages
{
    private const int DepthMax = 3;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<MessageDescriptor, Gen<IMessage>> Requests = new();

    /// <summary>The generator of a request type, built once.</summary>
    public static Gen<IMessage> For(MessageDescriptor descriptor) => Requests.GetOrAdd(descriptor, request => Of(request));

    public static Gen<IMessage> Of(MessageDescriptor descriptor, int depth = 0)
    {
        var fields = descriptor.Fields.InDeclarationOrder().Select(field => Field(descriptor, field, depth)).ToList();
        Gen<List<Action<IMessage>>> setters = Gen.Const(() => new List<Action<IMessage>>());
        foreach (var field in fields)
        {
            setters = Gen.Select(setters, field, (list, set) =>
            {
                list.Add(set);
                return list;
            });
        }
        return setters.Select(list =>
        {
            var message = (IMessage)Activator.CreateInstance(descriptor.ClrType)!;
            foreach (var set in list)
            {
                set(message);
            }
            return message;
        });
    }

    private static Gen<Action<IMessage>> Field(MessageDescriptor owner, FieldDescriptor field, int depth)
    {
        static void Nothing(IMessage message)
        {
        }
        if (field.IsMap)
        {
            var entry = field.MessageType;
            var key = Value(entry, entry.FindFieldByNumber(1), depth);
            var value = Value(entry, entry.FindFieldByNumber(2), depth);
            var entries = Gen.Select(key, value).Array[0, 3];
            var many = Gen.Select(key, value).Array[64, 66];
            return Gen.Frequency((8, entries), (1, many)).Select<(object, object)[], Action<IMessage>>(pairs => message =>
            {
                var map = (IDictionary)field.Accessor.GetValue(message);
                foreach (var (k, v) in pairs)
                {
                    map[k] = v;
                }
            });
        }
        var one = Value(owner, field, depth);
        if (field.IsRepeated)
        {
            return one.Array[0, 3].Select<object[], Action<IMessage>>(items => message =>
            {
                var list = (IList)field.Accessor.GetValue(message);
                foreach (var item in items)
                {
                    list.Add(item);
                }
            });
        }
        return Gen.Frequency(
            (3, one.Select<object, Action<IMessage>>(value => message => field.Accessor.SetValue(message, value))),
            (1, Gen.Const<Action<IMessage>>(Nothing)));
    }

    private static Gen<object> Value(MessageDescriptor owner, FieldDescriptor field, int depth) => field.FieldType switch
    {
        FieldType.String => Values.String(owner.FullName, field.Name).Select(value => (object)value),
        FieldType.Bytes => Gen.Byte.Array[0, 16].Select(bytes => (object)ByteString.CopyFrom(bytes)),
        FieldType.Bool => Values.Bool(field.Name).Select(value => (object)value),
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => Values.Long(owner.FullName, field.Name).Select(value => (object)value),
        FieldType.UInt64 or FieldType.Fixed64 => Values.Long(owner.FullName, field.Name).Select(value => (object)unchecked((ulong)value)),
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => Values.Int(owner.FullName, field.Name).Select(value => (object)value),
        FieldType.UInt32 or FieldType.Fixed32 => Values.Int(owner.FullName, field.Name).Select(value => (object)unchecked((uint)value)),
        FieldType.Double => Gen.Double.Select(value => (object)value),
        FieldType.Float => Gen.Float.Select(value => (object)value),
        FieldType.Enum => Gen.Int[-1, field.EnumType.Values.Max(value => value.Number) + 2]
            .Select(number => Enum.ToObject(field.EnumType.ClrType, number)),
        FieldType.Message when depth < DepthMax => Of(field.MessageType, depth + 1).Select(value => (object)value),
        // Deeper than any request needs: an empty message.
        FieldType.Message => Gen.Const(() => (object)(IMessage)Activator.CreateInstance(field.MessageType.ClrType)!),
        _ => throw new NotSupportedException($"Field type {field.FieldType} of {field.FullName}"),
    };
}
