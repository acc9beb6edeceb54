"""Seed 000's load-testing script ("Test Suite 2: Load Testing"), with its host, space, user and counts as arguments.

The calls are the seed's own: a requests.Session signs in with a form post to /login, then submits with
requests.post(url, data={'prompt': ...}), an application/x-www-form-urlencoded body. It prints the seed's two lines
and, last, the JSON answers, so the test can follow each request.
"""
import concurrent.futures
import json
import sys

import requests

host, space_id, username, password = sys.argv[1:5]
count = int(sys.argv[5]) if len(sys.argv) > 5 else 10


def send_request(i):
    with requests.Session() as s:
        s.post(f'{host}/login', data={'username': username, 'password': password})
        r = s.post(f'{host}/websockets/submit/{space_id}', data={'prompt': f'Request {i}'})
        return r.json()


with concurrent.futures.ThreadPoolExecutor(max_workers=5) as executor:
    results = list(executor.map(send_request, range(count)))
    print(f'Sent {len(results)} requests')
    print(f'Successful: {sum(1 for r in results if r.get("success"))}')
    print(json.dumps(results))
