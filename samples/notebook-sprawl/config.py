# keys for the cloud bucket (TODO move somewhere else)
AWS_ACCESS_KEY_ID = "AKIAQ3EXR7MP2LZW9HVD"
BUCKET = "s3://flowers-experiments"
