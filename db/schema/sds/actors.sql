-- Everyone who can act, by id, with the name the register has now: workers, and people acting for themselves. History
-- keeps actors' ids ("recorded_by_id" and the rest); this names them where a page or a message shows who. As the
-- querying role (security_invoker), so row-level security shows only the actors the caller may see.
CREATE OR REPLACE VIEW sds.actors WITH (security_invoker = true) AS
    SELECT w.id, w.name, w.role, w.council_id, w.organisation_id, w.active FROM sds.workers w
    UNION ALL
    SELECT p.id, p.name, 'service-user', p.council_id, NULL, true FROM sds.people p;
