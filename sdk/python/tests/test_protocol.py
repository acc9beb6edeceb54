"""The pieces of the hub protocol and the worker that need no server."""

import unittest

from spaces_worker import RegistrationRefused, SpacesWorker, WorkerRequest
from spaces_worker._hub import HubInvocationError, encode, negotiate_url, split_records, websocket_url


class RecordFramingTests(unittest.TestCase):
    def test_split_records_keeps_the_incomplete_rest_for_the_next_frame(self) -> None:
        records, rest = split_records('{"type":6}\x1e{"type":1,"target":"A"}\x1e{"type":3,"invoc')
        self.assertEqual(['{"type":6}', '{"type":1,"target":"A"}'], records)
        self.assertEqual('{"type":3,"invoc', rest)
        records, rest = split_records(rest + 'ationId":"1"}\x1e')
        self.assertEqual(['{"type":3,"invocationId":"1"}'], records)
        self.assertEqual("", rest)

    def test_encode_ends_every_message_with_the_record_separator(self) -> None:
        self.assertEqual('{"protocol":"json","version":1}\x1e', encode({"protocol": "json", "version": 1}))
        self.assertEqual('{"text":"猫"}\x1e', encode({"text": "猫"}))


class UrlTests(unittest.TestCase):
    def test_negotiate_url_adds_the_segment_and_version(self) -> None:
        self.assertEqual("http://h:5/hubs/worker/negotiate?negotiateVersion=1", negotiate_url("http://h:5/hubs/worker"))
        self.assertEqual("https://h/hubs/worker/negotiate?a=b&negotiateVersion=1", negotiate_url("https://h/hubs/worker?a=b"))

    def test_websocket_url_switches_scheme_and_carries_id_and_access_token(self) -> None:
        self.assertEqual(
            "ws://h:5/hubs/worker?id=abc&access_token=spw_1%2B2",
            websocket_url("http://h:5/hubs/worker", "abc", "spw_1+2"),
        )
        self.assertEqual("wss://h/hubs/worker?access_token=t", websocket_url("https://h/hubs/worker", None, "t"))


class ErrorTextTests(unittest.TestCase):
    def test_hub_error_detail_drops_the_servers_prefix(self) -> None:
        error = HubInvocationError("An unexpected error occurred invoking 'Register' on the server. HubException: Space not found: A")
        self.assertEqual("Space not found: A", error.detail)
        self.assertEqual("plain text", HubInvocationError("plain text").detail)

    def test_registration_refusals_are_classified_from_the_servers_text(self) -> None:
        self.assertEqual("space_not_found", RegistrationRefused("Space not found: A").refusal)
        self.assertEqual("duplicate_space_name", RegistrationRefused("Multiple spaces with name found: A").refusal)
        self.assertEqual("space_already_has_worker", RegistrationRefused("Space A already has a connected worker").refusal)
        self.assertEqual("other", RegistrationRefused("This worker token is not allowed for space A").refusal)


class WorkerTests(unittest.TestCase):
    def test_request_from_json_reads_the_contracts_fields(self) -> None:
        request = WorkerRequest.from_json(
            {
                "request_id": "r1",
                "space_id": "s1",
                "space_name": "A",
                "prompt": None,
                "files": [{"name": "a.wav", "kind": "audio", "content_type": "audio/wav", "size": 4, "url": "/api/requests/r1/files/a.wav"}],
                "attempt": 2,
                "created_at": "2026-12-01T00:00:00Z",
            }
        )
        self.assertEqual(("r1", "", 2), (request.request_id, request.prompt, request.attempt))
        self.assertEqual("audio/wav", request.files[0].content_type)

    def test_options_are_checked_and_name_the_wrong_one(self) -> None:
        with self.assertRaisesRegex(ValueError, "host"):
            SpacesWorker("localhost:5000", "t", ["A"])
        with self.assertRaisesRegex(ValueError, "token"):
            SpacesWorker("http://h", " ", ["A"])
        with self.assertRaisesRegex(ValueError, "spaces"):
            SpacesWorker("http://h", "t", ["A", " "])
        with self.assertRaisesRegex(ValueError, "reconnect_delays"):
            SpacesWorker("http://h", "t", ["A"], reconnect_delays=())

    def test_backoff_follows_the_schedule_with_jitter_and_repeats_the_last_delay(self) -> None:
        worker = SpacesWorker("http://h/", "t", ["A"], reconnect_delays=(0, 1, 10), reconnect_jitter=0.2)
        self.assertEqual("http://h", worker.host)
        self.assertEqual(0, worker._delay_before(1))
        for _ in range(50):
            self.assertTrue(0.8 <= worker._delay_before(2) <= 1.2)
            self.assertTrue(8 <= worker._delay_before(7) <= 12)


if __name__ == "__main__":
    unittest.main()
