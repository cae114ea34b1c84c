using DomainBucket = Credits.Ledger.Lots.Bucket;
using ProtoBucket = Credits.V1.Bucket;

namespace Credits.Audit.Tests.Support;

/// <summary>The proto and domain bucket enums matched by name: the workload speaks proto, the domain API its own enum.</summary>
public static class Buckets
{
    public static DomainBucket ToDomain(ProtoBucket bucket) => Enum.Parse<DomainBucket>(bucket.ToString());

    public static ProtoBucket ToProto(DomainBucket bucket) => Enum.Parse<ProtoBucket>(bucket.ToString());
}
