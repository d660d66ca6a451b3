// name: export-control-listings
// question.en: Which organizations were put on export-control or sanctions lists, on which list, when, and by whom?
// question.zh: 哪些组织被列入出口管制或制裁清单？哪份清单、何时、由谁列入？
// description: One row per organization and listing, in date order: the list (listName), the authority that made
// description: the listing, its status and source. An organization listed twice has two rows.
// columns: date, organization, list, authority, listing, status, source
MATCH (f:ExportControl)-[:LISTED]->(o:CnkgNode)
OPTIONAL MATCH (f)-[:AUTHORITY]->(a:CnkgNode)
RETURN f.date AS date, o.id AS organization, f.listName AS list, a.id AS authority, f.id AS listing,
       f.status AS status, f.source AS source
ORDER BY coalesce(date, ''), organization, listing
