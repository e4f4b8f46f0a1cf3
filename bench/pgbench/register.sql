-- The registration as one statement: take a seat if one is free, write the registration row and
-- its outbox row (RegistrationConfirmed), all or nothing. Tables: the Registration service's own
-- schema (copied with pg_dump --schema-only). Session k of :sessions, ids 00000000-...-<k>.
\set k random(1, :sessions)
WITH seat AS (
  UPDATE session_seats SET confirmed = confirmed + 1, updated_at = now()
  WHERE session_id = ('00000000-0000-0000-0000-' || lpad(:k::text, 12, '0'))::uuid
    AND status = 'open' AND starts_at > now() AND confirmed < capacity
  RETURNING session_id
), reg AS (
  INSERT INTO registrations (id, session_id, name, email, normalised_email, language, time_zone, status, manage_token_hash, created_at, confirmed_at)
  SELECT r.id, seat.session_id, 'Bench Attendee', r.email, r.email, 'en', 'Europe/Madrid', 'confirmed', md5(r.email) || md5(r.email), now(), now()
  FROM seat, (SELECT gen_random_uuid() AS id, 'p' || gen_random_uuid()::text || '@example.org' AS email) r
  RETURNING id, session_id, name, email, language, time_zone
)
INSERT INTO outbox_messages (id, message_type, payload, occurred_at, attempts)
SELECT gen_random_uuid(), 'Conference.Contracts.RegistrationConfirmed',
  jsonb_build_object('eventId', gen_random_uuid(), 'occurredAt', now(),
    'attendee', jsonb_build_object('name', name, 'email', email, 'language', language, 'timeZone', time_zone,
      'sessionId', session_id, 'registrationId', id, 'manageToken', md5(random()::text) || md5(random()::text))),
  now(), 0
FROM reg;
