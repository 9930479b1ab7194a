import {
  to = autotask_api_user.propel
  id = "propelapi1001" # or the resource id
}
