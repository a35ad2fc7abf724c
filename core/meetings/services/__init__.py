"""Meeting writes. Every write is one transaction with an audit row on the meeting's cell; side effects
(notifications) are rows written in the same transaction. Modules: scheduling (series, schedule, agenda,
documents, publish, reschedule/cancel), participation (opinions, attendance marks), checkin (time-bound codes),
proceedings (held/closed, minutes, resolution, tasks), votes, catchup (read receipts)."""
