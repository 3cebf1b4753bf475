"""A local S3-compatible server for one test run: moto's server mode, over real HTTP.

The PostgreSQL run keeps diary media in it, as a deployment with several app machines does;
the SQLite run keeps them in a folder, as `make run` does."""
import contextlib

import boto3
from moto.server import ThreadedMotoServer

from tests.pgserver import free_port

BUCKET = "lasna-test-media"
CREDENTIALS = {"MEDIA_S3_KEY_ID": "test-key-id", "MEDIA_S3_SECRET": "test-secret", "MEDIA_S3_REGION": "eu-north-1"}


@contextlib.contextmanager
def s3_server(bucket: str = BUCKET):
    """Start the server, make the bucket, yield the app's settings for it; stop it afterwards.
    (Servers in one process share moto's memory: give each its own bucket.)"""
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        endpoint = f"http://127.0.0.1:{port}"
        boto3.client("s3", endpoint_url=endpoint, region_name=CREDENTIALS["MEDIA_S3_REGION"],
                     aws_access_key_id=CREDENTIALS["MEDIA_S3_KEY_ID"],
                     aws_secret_access_key=CREDENTIALS["MEDIA_S3_SECRET"]).create_bucket(
            Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": CREDENTIALS["MEDIA_S3_REGION"]})
        yield {"MEDIA_STORE": "s3", "MEDIA_S3_BUCKET": bucket, "MEDIA_S3_ENDPOINT": endpoint, **CREDENTIALS}
    finally:
        server.stop()
