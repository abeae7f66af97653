// The services' schema is built on the core (the wire envelope, health and the runtime every
// message uses: SchemaMessage, CalendarDate, BasisPoints, …): whoever imports DistrictSchema gets
// both, as before the split; the RPC runtime imports the core alone.
@_exported public import DistrictSchemaCore
